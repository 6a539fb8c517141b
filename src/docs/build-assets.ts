/**
 * `npm run build` step: pre-bundles the docs front-end into dist/docs/assets/ so the
 * published CLI ships it ready-made (run with tsx, after tsc).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleDocsAssets } from './assets.js';

const outDir = fileURLToPath(new URL('../../dist/docs/assets/', import.meta.url));
const assets = await bundleDocsAssets();
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}app.js`, assets.js);
writeFileSync(`${outDir}pages.js`, assets.pagesJs);
writeFileSync(`${outDir}app.css`, assets.css);
console.log(`docs assets: app.js ${(assets.js.length / 1024).toFixed(0)} KiB, pages.js ${(assets.pagesJs.length / 1024).toFixed(0)} KiB, app.css ${(assets.css.length / 1024).toFixed(0)} KiB -> ${outDir}`);
