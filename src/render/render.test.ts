import { afterAll, describe, expect, it } from 'vitest';
import { compile, run } from '../api/index.js';
import type { Manifest } from '../compile/manifest-types.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeProject, type FileMap } from '../test-support/project.js';

afterAll(cleanupProjects);

const BASE: FileMap = { 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id\n' };

async function compiled(files: FileMap): Promise<Manifest> {
  const dir = writeProject({ ...BASE, ...files });
  return (await compile({ projectDir: dir, reporter: captureReporter().reporter })).manifest;
}
const sqlOf = async (files: FileMap, name = 'b') => (await compiled(files)).nodes[`model.shop.${name}`]!.compiled_code;
const errorsOf = (files: FileMap) => diagnosticsOf(() => compiled(files));

describe('rendering models with the dbt context', () => {
  it('calls macros from other macro files without an import', async () => {
    expect(await sqlOf({
      'macros/money/cents.sql': '{% macro cents(x) %}({{ x }} * 100){% endmacro %}\n',
      'macros/dollars.sql': '{% macro dollars(x) %}{{ cents(x) }} / 100{% endmacro %}\n',
      'models/b.sql': "select {{ dollars('amount') }} as d from {{ ref('a') }}",
    })).toBe('select (amount * 100) / 100 as d from "main"."a"');
  });

  it('adapter.dispatch picks duckdb__ first and falls back to default__', async () => {
    const macros = [
      "{% macro concat2(a, b) %}{{ return(adapter.dispatch('concat2')(a, b)) }}{% endmacro %}",
      '{% macro default__concat2(a, b) %}{{ a }} || {{ b }}{% endmacro %}',
      '{% macro duckdb__concat2(a, b) %}concat({{ a }}, {{ b }}){% endmacro %}',
      '{% macro default__only_default(a) %}fallback({{ a }}){% endmacro %}',
    ].join('\n');
    expect(await sqlOf({
      'macros/dispatch.sql': macros,
      'models/b.sql': "select {{ concat2('x', 'y') }}, {{ adapter.dispatch('only_default')('z') }}",
    })).toBe('select concat(x, y), fallback(z)');
    const [d] = await errorsOf({ 'models/b.sql': "select 1\n{{ adapter.dispatch('nothing_here')() }}" });
    expect(d).toMatchObject({ code: 'E_DISPATCH', file: 'models/b.sql', line: 2 });
    expect(d!.message).toContain('duckdb__nothing_here and default__nothing_here');
  });

  it('return() hands a value (not text) back from a macro', async () => {
    expect(await sqlOf({
      'macros/cols.sql': "{% macro cols() %}{{ return(['id', 'name']) }}{% endmacro %}\n{% macro n() %}{% do return(41 + 1) %}{% endmacro %}",
      'models/b.sql': "select {{ cols() | join(', ') }}, {{ cols() | length }} as k, {{ n() + 1 }} as n",
    })).toBe('select id, name, 2 as k, 43 as n');
  });

  it('supports {% do %}, namespace() with {% set ns.x %}, .items(), .get() and string methods', async () => {
    const model = [
      '{% set ns = namespace(total=0, names=[]) %}',
      '{% for c in [1, 2, 3] %}{% set ns.total = ns.total + c %}{% endfor %}',
      "{% set xs = [] %}{% do xs.append('q') %}{% do xs.append('r') %}",
      "{% set d = {'k': 'v', 'm': 'w'} %}",
      "{% for key, value in d.items() %}{{ key.upper() }}={{ value }};{% endfor %}",
      "{{ d.get('k') }}|{{ d.get('zz', 'dflt') }}|{{ '  pad '.strip() }}|{{ 'a,b'.split(',') | length }}|{{ 'abc'.startswith('ab') }}",
      "total={{ ns.total }} xs={{ xs | join(',') }} {{ [{'n': 'p'}, {'n': 'q'}] | map(attribute='n') | join('') }} {{ [1, 1, 2] | unique | length }} {{ {'a': 1} | tojson }}",
    ].join('\n');
    expect(await sqlOf({ 'models/b.sql': model })).toBe('\n\n\n\nK=v;M=w;\nv|dflt|pad|2|true\ntotal=6 xs=q,r pq 2 {"a":1}');
  });

  it('target, this and var are visible in models and macros', async () => {
    expect(await sqlOf({
      'macros/where.sql': '{% macro here() %}{{ this }}@{{ target.name }}/{{ target.type }}/{{ target.schema }}{% endmacro %}',
      'models/b.sql': "{{ config(materialized='table', schema='gold') }}select '{{ here() }}' as h",
    })).toBe(`select '"gold"."b"@dev/duckdb/main' as h`);
  });

  it('a ref in a SQL comment is a dependency, a ref in a Jinja comment is not', async () => {
    const manifest = await compiled({
      'models/b.sql': "-- uses {{ ref('a') }}\nselect 1 as x\n",
      'models/c.sql': "{# {{ ref('a') }} #}\nselect 1 as x\n",
      'models/d.sql': "{# {{ ref('a') }} #}\n{% set y = 1 %}select {{ y }} as x\n",
    });
    expect(manifest.nodes['model.shop.b']!.depends_on.nodes).toEqual(['model.shop.a']);
    expect(manifest.nodes['model.shop.b']!.compiled_code).toBe('-- uses "main"."a"\nselect 1 as x\n');
    expect(manifest.nodes['model.shop.c']!.depends_on.nodes).toEqual([]);
    expect(manifest.nodes['model.shop.d']!.depends_on.nodes).toEqual([]);
  });
});

describe('log() and exceptions.warn()', () => {
  it('print once per model, not once per render pass, in run and in compile', async () => {
    const dir = writeProject({ ...BASE, 'models/b.sql': "{{ log('hello from b', info=True) }}{{ exceptions.warn('careful with b') }}select 1 as x\n" });
    const captured = captureReporter();
    const outcome = await run({ projectDir: dir, reporter: captured.reporter });
    expect(outcome.exitCode).toBe(0);
    expect(captured.out().split('hello from b').length - 1).toBe(1);
    expect(captured.err().split('careful with b').length - 1).toBe(1);
    expect(captured.err()).toContain('Warning in model b (models/b.sql)\n  careful with b');
    const compiledOnly = captureReporter();
    await compile({ projectDir: dir, reporter: compiledOnly.reporter });
    expect(compiledOnly.out().split('hello from b').length - 1).toBe(1);
  });
});

describe('template errors point at the real file and line', () => {
  it('rejects {% for x in xs if cond %} at its 1-based line', async () => {
    const [d] = await errorsOf({ 'models/b.sql': 'select 1\n\n{% for x in [1, 2] if x > 1 %}{{ x }}{% endfor %}\n' });
    expect(d).toMatchObject({ code: 'E_UNSUPPORTED_JINJA', file: 'models/b.sql', line: 3, node: { type: 'model', name: 'b' } });
    expect(d!.message).toContain('the condition would be ignored');
  });

  it('accepts an inline if inside the iterable, and rejects other silently-wrong Jinja', async () => {
    expect(await sqlOf({ 'models/b.sql': "{% for x in ([1, 2] if true else [3]) %}{{ x }}{% endfor %}" })).toBe('12');
    const [filtered] = await errorsOf({ 'models/b.sql': "{% for c in cols() if c != 'id' %}{{ c }}{% endfor %}" });
    expect(filtered).toMatchObject({ code: 'E_UNSUPPORTED_JINJA', line: 1 });
    const [tuple] = await errorsOf({ 'models/b.sql': 'select 1\n{% set a, b = 1, 2 %}\n' });
    expect(tuple).toMatchObject({ code: 'E_UNSUPPORTED_JINJA', line: 2 });
    expect(tuple!.message).toContain('Tuple unpacking');
    const [percent] = await errorsOf({ 'models/b.sql': "{% set t = 'x' %}\nselect '{{ 'day_%s' % t }}'\n" });
    expect(percent).toMatchObject({ code: 'E_UNSUPPORTED_JINJA', line: 2 });
    // A literal % in SQL is not Python formatting.
    expect(await sqlOf({ 'models/b.sql': "select strftime(d, '%Y-%m') as m, {{ 5 % 3 }} as r {% if true %}{% endif %}" }))
      .toBe("select strftime(d, '%Y-%m') as m, 2 as r ");
  });

  it('reports runtime errors with 1-based lines on both render paths', async () => {
    // Fast path (only {{ call() }} expressions) and nunjucks path ({% %} present) agree.
    const fast = await errorsOf({ 'models/b.sql': "select 1\n\n{{ nope('x') }}\n" });
    const slow = await errorsOf({ 'models/b.sql': "select 1\n{% set y = 2 %}\n{{ nope('x') }}\n" });
    for (const [d] of [fast, slow]) {
      expect(d).toMatchObject({ code: 'E_UNDEFINED', file: 'models/b.sql', line: 3, column: 8 });
      expect(d!.message).toContain("'nope' is undefined");
    }
  });

  it('names an undefined macro, suggesting the closest one', async () => {
    const [d] = await errorsOf({
      'macros/m.sql': '{% macro cents_to_dollars(x) %}{{ x }} / 100{% endmacro %}',
      'models/b.sql': "select\n  {{ cents_to_dolars('amount') }} as d\n",
    });
    expect(d).toMatchObject({ code: 'E_UNDEFINED', file: 'models/b.sql', line: 2 });
    expect(d!.hint).toContain("Did you mean 'cents_to_dollars'?");
  });

  it('raise_compiler_error carries its message and line', async () => {
    const [d] = await errorsOf({ 'models/b.sql': "select 1\n{% if true %}\n{{ exceptions.raise_compiler_error('amount must be ' ~ 'positive') }}\n{% endif %}\n" });
    expect(d).toMatchObject({ code: 'E_RAISED', file: 'models/b.sql', line: 3, message: 'amount must be positive' });
  });

  it('reports a syntax error (unclosed block)', async () => {
    const [d] = await errorsOf({ 'models/b.sql': 'select 1\n{% if true %}\nfoo\n' });
    expect(d).toMatchObject({ code: 'E_JINJA_SYNTAX', file: 'models/b.sql' });
    expect(d!.message).toContain('endif');
  });

  it('reports a syntax error in a macro file at its line in that file', async () => {
    const [d] = await errorsOf({ 'macros/m.sql': '{% macro a() %}\nselect {{ 1 + }}\n{% endmacro %}\n' });
    expect(d).toMatchObject({ file: 'macros/m.sql', line: 2, column: 15 });
    expect(d!.message).toContain('unexpected token');
  });

  it('reports errors in every broken model, not just the first', async () => {
    const diagnostics = await errorsOf({ 'models/b.sql': "{{ nope1() }}\n", 'models/c.sql': "{{ nope2() }}\n" });
    expect(diagnostics.map((d) => d.file).sort()).toEqual(['models/b.sql', 'models/c.sql']);
  });

  it('reports a macro defined twice with both places', async () => {
    const [d] = await errorsOf({
      'macros/one.sql': '{% macro twice() %}1{% endmacro %}',
      'macros/two.sql': '\n{% macro twice() %}2{% endmacro %}',
    });
    expect(d).toMatchObject({ code: 'E_DUPLICATE_MACRO', file: 'macros/two.sql', line: 2 });
    expect(d!.message).toContain('macros/one.sql:1');
  });
});
