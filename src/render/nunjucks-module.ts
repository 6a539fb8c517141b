import { createRequire } from 'node:module';
import type Nunjucks from 'nunjucks';
import { patchJinjaTruth } from './jinja-truth.js';

// nunjucks is loaded on first use: a warm `ls` never renders and should not pay for it.
const require = createRequire(import.meta.url);
let loaded: typeof Nunjucks | undefined;
export function loadNunjucks(): typeof Nunjucks {
  if (loaded) return loaded;
  const nunjucks = require('nunjucks') as typeof Nunjucks & { runtime: Record<string, unknown> };
  patchJinjaTruth(require('nunjucks/src/compiler') as { Compiler: { prototype: object } }, nunjucks.runtime);
  return (loaded = nunjucks);
}
