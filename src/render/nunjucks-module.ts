import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type Nunjucks from 'nunjucks';
import { patchJinjaTruth } from './jinja-truth.js';

// nunjucks is loaded on first use: a warm `ls` never renders and should not pay for it.
const require = createRequire(import.meta.url);
type CompilerModule = { Compiler: { prototype: Record<string, unknown> } };
let loaded: typeof Nunjucks | undefined;
let signature: string | undefined;
export function loadNunjucks(): typeof Nunjucks {
  if (loaded) return loaded;
  const nunjucks = require('nunjucks') as typeof Nunjucks & { runtime: Record<string, unknown> };
  patchJinjaTruth(require('nunjucks/src/compiler') as CompilerModule, nunjucks.runtime);
  return (loaded = nunjucks);
}

/**
 * A hash of the code nunjucks compiles templates with (every method of its compiler, patches
 * included), once per process: stored compiled templates are reused only under the same one.
 */
export function codegenSignature(): string {
  if (signature) return signature;
  loadNunjucks();
  const proto = (require('nunjucks/src/compiler') as CompilerModule).Compiler.prototype;
  const hash = createHash('sha1');
  for (const name of Object.getOwnPropertyNames(proto).sort()) hash.update(name).update(String(proto[name]));
  return (signature = hash.digest('hex'));
}
