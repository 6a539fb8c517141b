import { describe, expect, it } from 'vitest';
import { SparkError } from './errors.js';
import { sparkEngine } from './index.js';

// method databricks cannot be tested against a live workspace here; what can be checked for real
// is that a connection failure (nothing listens on 127.0.0.1:1) is reported clearly and without
// the token. `@databricks/sql` is optional (not in package.json); without it the same call must
// say how to install it, also without the token.
let driverInstalled = true;
try {
  await import('@databricks/sql' as string);
} catch {
  driverInstalled = false;
}
describe('spark method databricks', () => {
  it('reports an unreachable workspace with host and target, never the token', async () => {
    process.env['MDL_SECRET_DBX_TOKEN'] = 'dapi0123456789abcdef';
    try {
      const warehouse = await sparkEngine.open(
        {
          name: 'dbx',
          type: 'spark',
          method: 'databricks',
          host: '127.0.0.1',
          port: 1,
          http_path: '/sql/1.0/warehouses/abc',
          token: 'dapi0123456789abcdef',
          schema: 'analytics',
          threads: 1,
        },
        process.cwd(),
      );
      const error = (await warehouse.connection(0).catch((e: unknown) => e)) as SparkError;
      await warehouse.close();
      expect(error).toBeInstanceOf(SparkError);
      expect(error.message).toMatch(driverInstalled
        ? /^Could not connect to Databricks at 127\.0\.0\.1:1\/sql\/1\.0\/warehouses\/abc \(target 'dbx'\)/
        : /needs the @databricks\/sql package.*npm install @databricks\/sql/);
      expect(`${error.message}\n${String(error.stack)}\n${JSON.stringify(error)}`).not.toContain('dapi0123456789abcdef');
    } finally {
      delete process.env['MDL_SECRET_DBX_TOKEN'];
    }
  }, 120_000);
});
