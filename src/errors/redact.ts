/**
 * Values of `MDL_SECRET_*` environment variables must never reach output, artifacts or errors.
 * Everything that leaves the process as text passes through `redact`.
 */
const PREFIX = 'MDL_SECRET_';

export function secretValues(): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(process.env)) {
    // Very short values would redact ordinary text; they are not secrets worth the name.
    if (key.startsWith(PREFIX) && value && value.length >= 4) values.push(value);
  }
  return values.sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  return redactWith(secretValues(), text);
}

/** `redact` with the secret list read once by the caller (reading process.env is not free). */
export function redactWith(secrets: readonly string[], text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('****');
  return out;
}

export function isSecretName(name: string): boolean {
  return name.startsWith(PREFIX);
}

/**
 * Redacts every string inside a value before it is encoded: redacting the encoded JSON text would
 * miss a secret containing `"` or `\\`, which JSON escapes.
 */
export function redactDeep<T>(value: T): T {
  const secrets = secretValues();
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactWith(secrets, v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [redactWith(secrets, k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
