import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, formatTable, show } from './index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

let dir: string;
beforeAll(async () => {
  dir = writeProject({
    'project.yml': 'name: shop\n',
    'seeds/nums.csv': 'n\n1\n2\n3\n',
    'models/doubled.sql': "{{ config(materialized='table') }}select n, n * 2 as d from {{ ref('nums') }}",
    'models/eph.sql': "{{ config(materialized='ephemeral') }}select n from {{ ref('nums') }} where n > 1",
  });
  expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
});

describe('mdl show', () => {
  it('previews a model with a limit, an ephemeral model, and inline SQL with ref()', async () => {
    const model = await show({ projectDir: dir, select: ['doubled'], limit: 2 });
    expect(model.columns).toEqual(['n', 'd']);
    expect(model.rows).toHaveLength(2);
    const eph = await show({ projectDir: dir, select: ['eph'] });
    expect(eph.rows.map((r) => r.n).sort()).toEqual([2, 3]);
    const inline = await show({ projectDir: dir, inline: "select sum(d) as total from {{ ref('doubled') }}" });
    expect(inline.rows).toEqual([{ total: 12 }]);
    expect(formatTable(inline.columns, inline.rows)).toBe('| total |\n|-------|\n| 12    |');
  });

  it('shows a DECIMAL with its exact digits, trailing zeros and all', async () => {
    const money = await show({ projectDir: dir, inline: 'select cast(286455.30 as decimal(18, 2)) as revenue, cast(12345678901234567.89 as decimal(38, 2)) as big, cast(null as decimal(9, 2)) as none, 7 as n' });
    expect(money.rows).toEqual([{ revenue: '286455.30', big: '12345678901234567.89', none: null, n: 7 }]);
    expect(formatTable(money.columns, money.rows)).toContain('| 286455.30 | 12345678901234567.89 | NULL | 7 |');
  });

  it('says what to do when the name is unknown or the SQL fails', async () => {
    const [missing] = await diagnosticsOf(() => show({ projectDir: dir, select: ['nope'] }));
    expect(missing).toMatchObject({ code: 'E_SHOW' });
    const [bad] = await diagnosticsOf(() => show({ projectDir: dir, inline: 'select no_such_col from main.doubled' }));
    expect(bad).toMatchObject({ code: 'E_DATABASE', hint: 'Fix the SQL passed to --inline.' });
  });
});
