/**
 * Writes the static site: index.html, the bundled assets and the data as `.js` files that
 * assign to window globals (script tags load from file://, fetch() of JSON does not).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactWith, secretValues } from '../errors/redact.js';
import type { DocsAssets } from './assets.js';
import { CHUNK_SIZE } from './site-data.js';
import type { SiteColumnLineage, SiteIndex, SiteNodeDetail } from './site-types.js';

export interface SiteFiles {
  readonly index: SiteIndex;
  readonly details: readonly SiteNodeDetail[];
  readonly lineage: SiteColumnLineage | null;
  readonly assets: DocsAssets;
}

export function writeSite(outDir: string, files: SiteFiles): void {
  const json = encoder(secretValues());
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  mkdirSync(join(outDir, 'data'), { recursive: true });
  writeFileSync(join(outDir, 'assets', 'app.js'), files.assets.js);
  writeFileSync(join(outDir, 'assets', 'pages.js'), files.assets.pagesJs);
  writeFileSync(join(outDir, 'assets', 'app.css'), files.assets.css);
  writeFileSync(join(outDir, 'data', 'index.js'), `window.__mdlSite=${json(files.index)};\n`);
  for (let chunk = 0; chunk * CHUNK_SIZE < files.details.length; chunk++) {
    const part = files.details.slice(chunk * CHUNK_SIZE, (chunk + 1) * CHUNK_SIZE);
    writeFileSync(join(outDir, 'data', `nodes-${chunk}.js`), `window.__mdlChunk(${chunk},${json(part)});\n`);
  }
  if (files.lineage) writeFileSync(join(outDir, 'data', 'lineage.js'), `window.__mdlLineage(${json(files.lineage)});\n`);
  writeFileSync(join(outDir, 'index.html'), html(files.index.project));
}

/**
 * Encodes values as JavaScript expressions `JSON.parse('…')`, which V8 parses several times faster
 * than the same data as an object literal (it matters for 10,000-node sites). The JSON text goes
 * in a single-quoted string: JSON is full of double quotes and has few single ones, so only `\`,
 * `'` and the two line separators need escaping (a double-quoted string escaped every `"`: ~15%
 * larger files and a second full encoding pass). Secrets in compiled SQL or messages never reach
 * the page.
 */
function encoder(secrets: readonly string[]): (value: unknown) => string {
  return (value) => {
    // Redact each string before encoding too: a secret holding a quote or backslash is escaped in
    // JSON text and would slip past a search of the encoded text.
    const text = secrets.length > 0
      ? redactWith(secrets, JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactWith(secrets, v) : v)))
      : JSON.stringify(value);
    // Plain-string replacements: several times faster than one regex with a callback on 20 MB.
    let body = text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    if (/[\u2028\u2029]/.test(body)) body = body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
    return `JSON.parse('${body}')`;
  };
}

function html(project: string): string {
  const title = project.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · mdl docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/app.css">
</head>
<body>
<noscript>The mdl docs site needs JavaScript.</noscript>
<script src="data/index.js"></script>
<script src="assets/app.js"></script>
</body>
</html>
`;
}
