/**
 * The site's script and stylesheet. `npm run build` pre-bundles them into `dist/docs/assets/`
 * (see build-assets.ts), so an installed mdl needs neither esbuild nor the front-end libraries
 * at run time and `docs generate` only copies two files. Running from source (tsx, vitest),
 * there is no pre-built bundle: it is bundled in memory with esbuild (a devDependency) once
 * per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled front-end: the graph shell, the page views it loads on demand, and the styles. */
export interface DocsAssets {
  /** `assets/app.js`: shell, router and lineage graph (sigma, graphology): all the first render needs. */
  readonly js: string;
  /** `assets/pages.js`: node pages, column lineage and dashboards (marked, DOMPurify, highlight.js, ECharts). */
  readonly pagesJs: string;
  readonly css: string;
}

let bundled: Promise<DocsAssets> | undefined;

export async function loadDocsAssets(): Promise<DocsAssets> {
  const prebuiltJs = fileURLToPath(new URL('./assets/app.js', import.meta.url));
  // Beside app.js: scripts/bundle-cli.mjs relocates the two URLs above and below for dist/cli/.
  const prebuiltPages = join(dirname(prebuiltJs), 'pages.js');
  const prebuiltCss = fileURLToPath(new URL('./assets/app.css', import.meta.url));
  if (existsSync(prebuiltJs) && existsSync(prebuiltPages) && existsSync(prebuiltCss)) {
    return { js: readFileSync(prebuiltJs, 'utf8'), pagesJs: readFileSync(prebuiltPages, 'utf8'), css: readFileSync(prebuiltCss, 'utf8') };
  }
  bundled ??= bundleDocsAssets();
  return bundled;
}

/**
 * Bundles `app/main.ts` (+ its CSS) and `app/pages.ts` for the browser: two minified scripts, one
 * stylesheet. Two scripts because ECharts, marked and highlight.js are three quarters of the
 * code and took ~0.7 s to parse and initialise before the graph could draw; the graph needs none of
 * them. (esbuild's code splitting needs ES modules, which Chromium refuses from file://.)
 */
export async function bundleDocsAssets(): Promise<DocsAssets> {
  const entry = fileURLToPath(new URL('./app/main.ts', import.meta.url));
  const pagesEntry = fileURLToPath(new URL('./app/pages.ts', import.meta.url));
  if (!existsSync(entry)) {
    throw new Error(
      'The docs site assets are missing: dist/docs/assets/app.js was not built. Run `npm run build` in the mdl package.',
    );
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { app: entry, pages: pagesEntry },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    write: false,
    outdir: 'out',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = (name: string) => result.outputFiles.find((f) => f.path.endsWith(`/${name}`))?.text;
  const [js, pagesJs, css] = [file('app.js'), file('pages.js'), file('app.css')];
  if (!js || !pagesJs || !css) throw new Error('Bundling the docs site produced no app.js, pages.js or app.css.');
  return { js, pagesJs, css };
}
