import { describe, expect, it } from 'vitest';
import { SparkError } from './errors.js';
import { parseSparkTarget } from './target.js';

const base = { name: 'spark', type: 'spark', schema: 'main', threads: 2 };

describe('spark target settings (pure)', () => {
  it('defaults to the Thrift server on 127.0.0.1:10000 with SASL PLAIN', () => {
    expect(parseSparkTarget(base)).toEqual({
      name: 'spark',
      method: 'thrift',
      host: '127.0.0.1',
      port: 10000,
      schema: 'main',
      threads: 2,
      user: undefined,
      password: undefined,
      auth: 'plain',
      httpPath: undefined,
      token: undefined,
      catalog: undefined,
      connectTimeout: 60,
    });
  });

  it('reads type databricks as method databricks', () => {
    expect(parseSparkTarget({ ...base, type: 'databricks', host: 'h', http_path: '/p', token: 't' })).toMatchObject({
      method: 'databricks',
      port: 443,
    });
  });

  it('accepts a port written as a string (env_var renders strings)', () => {
    expect(parseSparkTarget({ ...base, port: '10001', host: 'spark.internal' })).toMatchObject({
      host: 'spark.internal',
      port: 10001,
    });
  });

  it('rejects unknown keys, naming them and the target', () => {
    expect(() => parseSparkTarget({ ...base, hots: 'x', prot: 1 })).toThrow(
      /Target 'spark' \(type spark\) in project.yml: unknown settings 'hots', 'prot'; known settings are/,
    );
  });

  it('rejects bad method, auth, port and threads', () => {
    expect(() => parseSparkTarget({ ...base, method: 'jdbc' })).toThrow(/'method' must be thrift or databricks, got 'jdbc'/);
    expect(() => parseSparkTarget({ ...base, auth: 'kerberos' })).toThrow(/'auth' must be plain or nosasl/);
    expect(() => parseSparkTarget({ ...base, port: 'abc' })).toThrow(/'port' must be a port number/);
    expect(() => parseSparkTarget({ ...base, threads: 0 })).toThrow(/'threads' must be a positive integer/);
    expect(() => parseSparkTarget({ ...base, schema: '' })).toThrow(/'schema' is required/);
    expect(() => parseSparkTarget({ ...base, connect_timeout: 0 })).toThrow(/'connect_timeout' must be a positive/);
  });

  it('requires host, http_path and token for databricks without echoing the token', () => {
    expect(() => parseSparkTarget({ ...base, method: 'databricks' })).toThrow(/'host' is required/);
    const error = (() => {
      try {
        parseSparkTarget({ ...base, method: 'databricks', host: 'dbc.example', token: 'dapi-SECRET' });
      } catch (e) {
        return e as SparkError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SparkError);
    expect(error?.message).toMatch(/needs 'http_path' and 'token'/);
    expect(error?.message).not.toContain('dapi-SECRET');
    expect(() => parseSparkTarget({ ...base, password: 12345 })).toThrow(/'password' must be a string$/);
  });
});
