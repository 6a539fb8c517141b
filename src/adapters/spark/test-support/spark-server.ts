/**
 * How the Spark tests find a running server: `MDL_SPARK_HOST` (and optionally `MDL_SPARK_PORT`,
 * default 10000), set by `.ci/run` after `bash scripts/spark.sh start`. Without `MDL_SPARK_HOST`
 * the tests that need a server are skipped; nothing here starts one.
 */
import type { TargetConfig } from '../../adapter.js';

export const sparkHost = process.env['MDL_SPARK_HOST'];

/** True when a Spark server is configured: use as `describe.skipIf(!sparkAvailable)`. */
export const sparkAvailable = Boolean(sparkHost);

/** Spark statements are slow on a shared 2-core machine (a Delta write takes 2-20 s). */
export const SPARK_TIMEOUT = 300_000;

/** A target for the test server, with a schema unique to this test file and process. */
export function sparkTestTarget(suffix: string, extra: Record<string, unknown> = {}): TargetConfig {
  return {
    name: 'spark_test',
    type: 'spark',
    method: 'thrift',
    host: sparkHost ?? '127.0.0.1',
    port: Number(process.env['MDL_SPARK_PORT'] ?? 10000),
    schema: `mdl_test_${suffix}_${process.pid}`,
    threads: 1,
    ...extra,
  };
}
