/**
 * The site's script and stylesheet. `npm run build` pre-bundles them into `dist/docs/assets/`
 * (see build-assets.ts), so an installed mdl needs neither esbuild nor the front-end libraries
 * at run time and `docs generate` only copies two files. Running from source (tsx, vitest),
 * there is no pre-built bundle: it is bundled in memory with esbuild (a devDependency) once
 * per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DocsAssets {
  readonly js: string;
  readonly css: string;
}

let bundled: Promise<DocsAssets> | undefined;

export async function loadDocsAssets(): Promise<DocsAssets> {
  const prebuiltJs = fileURLToPath(new URL('./assets/app.js', import.meta.url));
  const prebuiltCss = fileURLToPath(new URL('./assets/app.css', import.meta.url));
  if (existsSync(prebuiltJs) && existsSync(prebuiltCss)) {
    return { js: readFileSync(prebuiltJs, 'utf8'), css: readFileSync(prebuiltCss, 'utf8') };
  }
  bundled ??= bundleDocsAssets();
  return bundled;
}

/** Bundles `app/main.ts` (+ its CSS) for the browser: one minified script, one stylesheet. */
export async function bundleDocsAssets(): Promise<DocsAssets> {
  const entry = fileURLToPath(new URL('./app/main.ts', import.meta.url));
  if (!existsSync(entry)) {
    throw new Error(
      'The docs site assets are missing: dist/docs/assets/app.js was not built. Run `npm run build` in the mdl package.',
    );
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
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
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new Error('Bundling the docs site produced no script or no stylesheet.');
  return { js: js.text, css: css.text };
}
