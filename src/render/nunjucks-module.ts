import { createRequire } from 'node:module';
import type Nunjucks from 'nunjucks';

// nunjucks is loaded on first use: a warm `ls` never renders and should not pay for it.
const require = createRequire(import.meta.url);
let loaded: typeof Nunjucks | undefined;
export function loadNunjucks(): typeof Nunjucks {
  return (loaded ??= require('nunjucks') as typeof Nunjucks);
}
