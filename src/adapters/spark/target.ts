import type { TargetConfig } from '../adapter.js';
import { SparkError } from './errors.js';

/**
 * Settings of a `type: spark` target in project.yml, validated. Unknown keys are errors, so a
 * typo (`hots:`) is reported instead of silently connecting to the default host.
 *
 * ```yaml
 * targets:
 *   spark:
 *     type: spark
 *     method: thrift          # thrift (default) | databricks
 *     host: 127.0.0.1
 *     port: 10000
 *     schema: main
 *     threads: 2
 *     user: mdl               # thrift: SASL PLAIN user (server auth NONE/LDAP)
 *     password: "{{ env_var('MDL_SECRET_SPARK_PASSWORD') }}"
 *     auth: plain             # thrift: plain (default) | nosasl
 *     connect_timeout: 60     # seconds to open a session (default 60)
 *   databricks:
 *     type: spark
 *     method: databricks
 *     host: dbc-1234.cloud.databricks.com
 *     http_path: /sql/1.0/warehouses/abc123
 *     token: "{{ env_var('MDL_SECRET_DATABRICKS_TOKEN') }}"
 *     catalog: main           # optional Unity Catalog catalog
 *     schema: analytics
 * ```
 */
export interface SparkTarget {
  readonly name: string;
  readonly method: 'thrift' | 'databricks';
  readonly host: string;
  readonly port: number;
  readonly schema: string;
  readonly threads: number;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly auth: 'plain' | 'nosasl';
  readonly httpPath: string | undefined;
  readonly token: string | undefined;
  readonly catalog: string | undefined;
  /** Seconds to wait for a session to open before giving up (a server that accepts but hangs). */
  readonly connectTimeout: number;
}

const KNOWN_KEYS = new Set([
  'name',
  'type',
  'schema',
  'threads',
  'method',
  'host',
  'port',
  'user',
  'password',
  'auth',
  'http_path',
  'token',
  'catalog',
  'connect_timeout',
]);

function fail(target: TargetConfig, problem: string): never {
  throw new SparkError(`Target '${target.name}' (type spark) in project.yml: ${problem}`);
}

function optionalString(target: TargetConfig, key: string): string | undefined {
  const value = target[key];
  if (value === undefined || value === null || value === '') return undefined;
  // Never echo the value: it may be a password.
  if (typeof value !== 'string') fail(target, `'${key}' must be a string`);
  return value;
}

/** Validates a rendered target; errors name the target and the key, never a value. */
export function parseSparkTarget(target: TargetConfig): SparkTarget {
  const unknown = Object.keys(target).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) {
    fail(
      target,
      `unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; ` +
        `known settings are ${[...KNOWN_KEYS].filter((k) => k !== 'name').join(', ')}`,
    );
  }
  // `type: databricks` is registered as this engine too; it means the databricks method.
  const method = target['method'] ?? (target.type === 'databricks' ? 'databricks' : 'thrift');
  if (method !== 'thrift' && method !== 'databricks') {
    fail(target, `'method' must be thrift or databricks, got '${String(method)}'`);
  }
  const auth = target['auth'] ?? 'plain';
  if (auth !== 'plain' && auth !== 'nosasl') {
    fail(target, `'auth' must be plain or nosasl, got '${String(auth)}'`);
  }
  const host = optionalString(target, 'host') ?? (method === 'thrift' ? '127.0.0.1' : undefined);
  if (!host) fail(target, "'host' is required for method databricks");
  const rawPort = target['port'] ?? (method === 'thrift' ? 10000 : 443);
  const port = typeof rawPort === 'string' ? Number(rawPort) : rawPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    fail(target, `'port' must be a port number, got '${String(rawPort)}'`);
  }
  if (typeof target.schema !== 'string' || target.schema === '') fail(target, "'schema' is required");
  const threads = Number(target.threads ?? 1);
  if (!Number.isInteger(threads) || threads < 1) fail(target, "'threads' must be a positive integer");
  const connectTimeout = Number(target['connect_timeout'] ?? 60);
  if (!Number.isFinite(connectTimeout) || connectTimeout <= 0) {
    fail(target, "'connect_timeout' must be a positive number of seconds");
  }
  const settings: SparkTarget = {
    name: target.name,
    method,
    host,
    port,
    schema: target.schema,
    threads,
    user: optionalString(target, 'user'),
    password: optionalString(target, 'password'),
    auth,
    httpPath: optionalString(target, 'http_path'),
    token: optionalString(target, 'token'),
    catalog: optionalString(target, 'catalog'),
    connectTimeout,
  };
  if (method === 'databricks' && (!settings.httpPath || !settings.token)) {
    fail(target, "method databricks needs 'http_path' and 'token' (use env_var('MDL_SECRET_...') for the token)");
  }
  return settings;
}
