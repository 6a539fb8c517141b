// Bundles the CLI entry (src/cli/main.ts) into dist/cli/main.js plus lazily loaded chunks beside it.
//
// Why: start-up of the unbundled dist/ resolved and parsed ~90 ES modules and ran the CommonJS
// export lexer over commander, nunjucks and @duckdb/node-api, about 0.06 s for `mdl --version`
// and 0.2 s for a seed-scale `mdl build` (bench/PROFILE.md, "start-up, second pass"). The library
// entry (dist/index.js) stays the plain tsc output; only the `bin` is bundled.
//
// Dynamic imports stay lazy (esbuild code splitting), so `ls` still never loads DuckDB's driver or
// nunjucks. Packages with native code or optional, heavy drivers stay external and are resolved
// from node_modules at run time. Chunks sit in dist/cli/ itself, so every path computed from
// import.meta.url keeps its depth (version.ts finds ../../package.json).
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--outdir DIR` bundles elsewhere (the bundle test); DIR must sit two levels below a package.json
// of mdl, as dist/cli does, and inside this repository so node_modules resolves.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 ? process.argv[outdirFlag + 1] : `${root}dist/cli`;
mkdirSync(outdir, { recursive: true });

// Paths that modules compute from their own location and that change when they are bundled into
// dist/cli/. Each replacement must match, so a rename in src/ fails the build instead of
// shipping a broken path.
const relocations = {
  // A variable import path keeps the Spark driver out of the static graph; in the bundle it must be
  // a literal so esbuild emits the Spark adapter as its own lazy chunk.
  'src/adapters/registry.ts': [['await import(sparkModule)', "await import('./spark/index.js')"]],
  // The prebuilt docs site assets live in dist/docs/assets/ (written by src/docs/build-assets.ts).
  // nunjucks is required on first use (a warm `ls` never loads it); the plain require() lets esbuild
  // bundle it as a lazily evaluated CommonJS wrapper instead of resolving ~20 files at run time.
  'src/render/nunjucks-module.ts': [['const require = createRequire(import.meta.url);', '']],
  'src/docs/assets.ts': [
    ["new URL('./assets/app.js', import.meta.url)", "new URL('../docs/assets/app.js', import.meta.url)"],
    ["new URL('./assets/app.css', import.meta.url)", "new URL('../docs/assets/app.css', import.meta.url)"],
  ],
};

const relocate = {
  name: 'relocate',
  setup(build) {
    build.onLoad({ filter: /\/src\/(adapters\/registry|docs\/assets|render\/nunjucks-module)\.ts$/ }, (args) => {
      const rel = args.path.slice(root.length);
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of relocations[rel] ?? []) {
        if (!text.includes(from)) throw new Error(`bundle-cli: '${from}' not found in ${rel}; update scripts/bundle-cli.mjs`);
        text = text.split(from).join(to);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

// tsc's output for dist/cli/ is replaced by the bundle (its source maps would point at the wrong code).
// Chunks of an earlier bundle go too (their names are content hashes).
for (const name of readdirSync(outdir)) {
  if (/^(main|common|docs)\.js(\.map)?$|^chunk-.*\.js$/.test(name)) rmSync(`${outdir}/${name}`, { force: true });
}
const result = await esbuild.build({
  entryPoints: [`${root}src/cli/main.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Native bindings, optional drivers and tools that only some commands load.
  external: ['@duckdb/node-bindings*', 'hive-driver', '@databricks/sql', 'esbuild', 'playwright-core', 'yaml', 'chokidar', 'fsevents'],
  // Bundled CommonJS packages (commander, nunjucks, @duckdb/node-api) call require() for externals.
  banner: { js: "import { createRequire as __mdlCreateRequire } from 'node:module';\nconst require = __mdlCreateRequire(import.meta.url);" },
  // Less source to scan at start-up; identifiers are kept so stack traces of mdl bugs stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [relocate],
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`cli bundle: ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KiB -> ${outdir}`);
