// Bundles the CLI (see bundle-cli.mjs) and makes it executable so `npx mdl` works straight after `npm ci`.
import { chmodSync, existsSync } from 'node:fs';
await import('./bundle-cli.mjs');
const cli = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);
