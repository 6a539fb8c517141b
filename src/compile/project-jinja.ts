import type { Diagnostic } from '../errors/diagnostic.js';
import { normaliseConfigKey } from '../project/config-keys.js';
import { isRecord } from '../project/yaml-file.js';
import type { RenderOutcome } from '../render/renderer.js';

const JINJA = /{[{%]/;
const HOOKS = new Set(['pre_hook', 'post_hook']);

/**
 * The folder configs of project.yml with their Jinja rendered, as dbt renders dbt_project.yml:
 * `+enabled: "{{ var('landing_path') is none }}"`, `+schema: "{{ env_var('SCHEMA') }}"` (var,
 * env_var and target). A rendered `true`/`false` (any case, Python's `True` too) becomes a
 * boolean. Hooks are left as written: they render per node, where `this` is known. `render` is
 * called only for Jinja strings, so a project without any never loads nunjucks.
 */
export function renderProjectJinja(
  trees: Readonly<Record<string, unknown>>,
  render: (text: string) => RenderOutcome,
  diagnostics: Diagnostic[],
): Record<string, unknown> {
  const walk = (value: unknown, path: string, key: string): unknown => {
    if (HOOKS.has(normaliseConfigKey(key))) return value;
    if (typeof value === 'string') {
      if (!JINJA.test(value)) return value;
      const out = render(value);
      if (out.diagnostic) {
        diagnostics.push({ ...out.diagnostic, file: 'project.yml', line: undefined, column: undefined, message: `In ${path}: ${out.diagnostic.message}` });
        return value;
      }
      const text = (out.sql ?? '').trim();
      return /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : text;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`, ''));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${path}.${k}`, k)]));
    return value;
  };
  return Object.fromEntries(Object.entries(trees).map(([name, tree]) => [name, walk(tree, name, name)]));
}
