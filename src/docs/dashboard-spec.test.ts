import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../errors/diagnostic.js';
import { MdlError } from '../errors/diagnostic.js';
import { loadDashboardSpecs } from './dashboard-loader.js';
import { parseDashboard } from './dashboard-spec.js';

function parse(text: string) {
  const diagnostics: Diagnostic[] = [];
  const spec = parseDashboard('dashboards/exec.yml', text, diagnostics);
  return { spec, diagnostics, lines: diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`) };
}

describe('parseDashboard', () => {
  it('accepts tiles and charts and fills defaults', () => {
    const { spec, diagnostics } = parse(`
title: Executive
tiles:
  - title: Revenue
    sql: select 1 as revenue
    format: currency
charts:
  - title: Monthly
    type: line
    sql: select month, revenue from m
    x: month
    y: revenue
  - title: Mix
    type: pie
    sql: select segment, revenue from s
    x: segment
    y: [revenue]
  - title: Top
    type: table
    sql: select * from p
    limit: 10
`);
    expect(diagnostics).toEqual([]);
    expect(spec!.name).toBe('exec');
    expect(spec!.tiles[0]).toEqual({ title: 'Revenue', sql: 'select 1 as revenue', value: null, format: 'currency', delta: null, deltaLabel: null });
    expect(spec!.charts.map((c) => [c.type, c.x, c.y, c.width, c.limit])).toEqual([
      ['line', 'month', ['revenue'], 'full', 1000],
      ['pie', 'segment', ['revenue'], 'half', 1000],
      ['table', null, [], 'full', 10],
    ]);
  });

  it('reports every problem with its line and column, and suggests the intended key', () => {
    const { spec, lines } = parse(`title: Exec
tiles:
  - title: Revenue
    sqll: select 1
charts:
  - title: Monthly
    type: lines
    sql: select 1
  - title: Bars
    type: bar
    sql: select 1
    x: a
`);
    expect(spec).toBeUndefined();
    expect(lines).toEqual([
      'dashboards/exec.yml:4:5 tiles[0].sqll: Unknown tile key `sqll`. Did you mean \'sql\'? Allowed: title, sql, value, format, delta, delta_label.',
      'dashboards/exec.yml:3:5 tiles[0]: Missing `sql`.',
      'dashboards/exec.yml:7:5 charts[0].type: `type` is "lines"; use one of line, area, bar, pie, table. Did you mean \'line\'?',
      'dashboards/exec.yml:9:5 charts[1]: A bar chart needs `y`: the column (or list of columns) with the values.',
    ]);
  });

  it('rejects a file without title or content, and YAML syntax errors, with positions', () => {
    expect(parse('description: nothing\n').lines).toEqual([
      'dashboards/exec.yml:1:1 Missing `title`.',
    ]);
    expect(parse('title: x\n').lines).toEqual([
      'dashboards/exec.yml:1:1 The dashboard has no `tiles` and no `charts`; add at least one.',
    ]);
    const syntax = parse('title: x\ncharts: [\n');
    expect(syntax.diagnostics[0]!.code).toBe('E_YAML_SYNTAX');
    expect(syntax.diagnostics[0]!.line).toBeGreaterThan(1);
  });

  it('checks option types: pie with two values, horizontal on a line chart, bad limit', () => {
    const { lines } = parse(`title: x
charts:
  - title: p
    type: pie
    sql: s
    x: a
    y: [b, c]
  - title: l
    type: line
    sql: s
    x: a
    y: b
    horizontal: true
    limit: 0
`);
    expect(lines).toEqual([
      'dashboards/exec.yml:7:5 charts[0].y: A pie chart takes exactly one `y` column.',
      'dashboards/exec.yml:13:5 charts[1].horizontal: `horizontal` only applies to bar charts.',
      'dashboards/exec.yml:14:5 charts[1].limit: `limit` must be a positive whole number of rows.',
    ]);
  });
});

describe('loadDashboardSpecs', () => {
  it('reads dashboards/*.yml in name order and throws one error naming every bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-dash-'));
    expect(loadDashboardSpecs(dir)).toEqual([]);
    mkdirSync(join(dir, 'dashboards'));
    writeFileSync(join(dir, 'dashboards', 'b.yml'), 'title: B\ncharts:\n  - {title: t, type: table, sql: select 1}\n');
    writeFileSync(join(dir, 'dashboards', 'a.yaml'), 'title: A\ntiles:\n  - {title: t, sql: select 1}\n');
    writeFileSync(join(dir, 'dashboards', 'notes.md'), 'ignored');
    expect(loadDashboardSpecs(dir).map((s) => [s.name, s.file])).toEqual([['a', 'dashboards/a.yaml'], ['b', 'dashboards/b.yml']]);

    writeFileSync(join(dir, 'dashboards', 'c.yml'), 'title: C\ncharts:\n  - {title: t, type: donut, sql: select 1}\n');
    writeFileSync(join(dir, 'dashboards', 'd.yml'), 'tiles: 3\n');
    let error: unknown;
    try {
      loadDashboardSpecs(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MdlError);
    expect((error as MdlError).diagnostics.map((d) => `${d.file}:${d.line ?? '-'} ${d.message}`)).toEqual([
      'dashboards/c.yml:3 charts[0].type: `type` is "donut"; use one of line, area, bar, pie, table.',
      'dashboards/d.yml:1 Missing `title`.',
      'dashboards/d.yml:1 tiles: `tiles` must be a list.',
    ]);
  });
});
