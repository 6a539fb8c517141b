import { describe, expect, it } from 'vitest';
import { duckdbDialect as d } from '../adapters/duckdb/dialect.js';
import { incrementalConfig, validateIncrementalConfig } from './incremental-config.js';
import { nullKeyCountSql, planSchemaChange, planStrategy } from './incremental.js';

const TR = { schema: 'main', name: 'inc' };
const SR = { schema: 'main', name: 'inc__mdl_new' };
const T = '"main"."inc"';
const S = '"main__inc__mdl_new"';
const cols = (...pairs: string[]) => pairs.map((p) => ({ name: p.split(' ')[0]!, dataType: p.split(' ')[1]! }));

describe('incremental planning (pure)', () => {
  it('defaults: merge with a unique_key, append without; a comma list is several keys', () => {
    expect(incrementalConfig({}).strategy).toBe('append');
    expect(incrementalConfig({ unique_key: 'a, b' })).toMatchObject({ strategy: 'merge', uniqueKey: ['a', 'b'], onSchemaChange: 'ignore', onNullKey: 'fail' });
    expect(validateIncrementalConfig({ incremental_strategy: 'delete+insert' }).map((p) => p.message)).toEqual(["incremental_strategy 'delete+insert' needs a unique_key."]);
  });

  it('plans merge with dbt aliases, updating only non-key columns, predicates in the ON clause', () => {
    const cfg = incrementalConfig({ unique_key: ['k'], incremental_predicates: ['{{ this }}.day > 1'] });
    expect(planStrategy(cfg, TR, SR, ['k', 'v'], d)).toEqual([
      `MERGE INTO ${T} AS DBT_INTERNAL_DEST USING ${S} AS DBT_INTERNAL_SOURCE ON DBT_INTERNAL_DEST."k" = DBT_INTERNAL_SOURCE."k" AND (DBT_INTERNAL_DEST.day > 1)\n` +
        'WHEN MATCHED THEN UPDATE SET "v" = DBT_INTERNAL_SOURCE."v"\n' +
        'WHEN NOT MATCHED THEN INSERT ("k", "v") VALUES (DBT_INTERNAL_SOURCE."k", DBT_INTERNAL_SOURCE."v")',
    ]);
  });

  it('plans delete+insert and append with explicit column lists', () => {
    const cfg = incrementalConfig({ unique_key: ['a', 'b'], incremental_strategy: 'delete+insert' });
    expect(planStrategy(cfg, TR, SR, ['a', 'b', 'v'], d)).toEqual([
      `DELETE FROM ${T} AS DBT_INTERNAL_DEST WHERE EXISTS (SELECT 1 FROM ${S} AS DBT_INTERNAL_SOURCE WHERE DBT_INTERNAL_DEST."a" = DBT_INTERNAL_SOURCE."a" AND DBT_INTERNAL_DEST."b" = DBT_INTERNAL_SOURCE."b")`,
      `INSERT INTO ${T} ("a", "b", "v") SELECT "a", "b", "v" FROM ${S}`,
    ]);
    expect(planStrategy(incrementalConfig({}), TR, SR, ['v'], d)).toEqual([`INSERT INTO ${T} ("v") SELECT "v" FROM ${S}`]);
  });

  it('counts NULL keys only when they matter', () => {
    expect(nullKeyCountSql(incrementalConfig({ unique_key: ['a', 'b'] }), S, d)).toBe(`SELECT count(*) AS n FROM ${S} WHERE "a" IS NULL OR "b" IS NULL`);
    expect(nullKeyCountSql(incrementalConfig({ unique_key: 'a', on_null_key: 'allow' }), S, d)).toBeUndefined();
    expect(nullKeyCountSql(incrementalConfig({}), S, d)).toBeUndefined();
  });

  it('on_schema_change: each mode against the same difference', () => {
    const have = cols('k BIGINT', 'gone VARCHAR', 't INTEGER');
    const want = cols('k BIGINT', 't BIGINT', 'added DATE');
    expect(planSchemaChange('ignore', have, want, T, d)).toMatchObject({ statements: [], columns: ['k', 't'] });
    expect(planSchemaChange('append_new_columns', have, want, T, d)).toMatchObject({
      statements: [`ALTER TABLE ${T} ADD COLUMN "added" DATE`], columns: ['k', 't', 'added'],
    });
    expect(planSchemaChange('sync_all_columns', have, want, T, d).statements).toEqual([
      `ALTER TABLE ${T} DROP COLUMN "gone"`,
      `ALTER TABLE ${T} ADD COLUMN "added" DATE`,
      `ALTER TABLE ${T} ALTER COLUMN "t" SET DATA TYPE BIGINT`,
    ]);
    expect(planSchemaChange('fail', have, want, T, d).error).toContain('new columns added DATE; missing columns gone; changed types t INTEGER -> BIGINT');
    expect(planSchemaChange('fail', have, have, T, d).error).toBeUndefined();
  });
});
