import { createHash } from 'node:crypto';

/**
 * dbt's generic test names: `<test>_<model>_<flattened sorted args>`, non-alphanumerics as `_`,
 * names of 64+ characters shortened to the first 30 characters of `<test>_<model>` + `_` + md5 of the full name.
 */
export function genericTestName(testName: string, modelName: string, args: Readonly<Record<string, unknown>>): string {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value)
      ? value
      : value !== null && typeof value === 'object' ? Object.values(value as Record<string, unknown>) : [value];
    flat.push(...parts.map((p) => pythonStr(p)));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testName}_${modelName}`;
  const full = unique ? `${identifier}_${unique}` : identifier;
  if (full.length >= 64) {
    // dbt keeps the first 30 characters of `<test>_<model>` (not of the full name), then the hash.
    return `${identifier.slice(0, 30)}_${createHash('md5').update(full).digest('hex')}`;
  }
  return full;
}

/** How Python's str() would print a YAML scalar, so names match dbt's. */
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
