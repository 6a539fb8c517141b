import { describe, expect, it } from 'vitest';
import { parseFastTemplate } from './fast-path.js';
import { Renderer } from './renderer.js';

/** Globals that echo what they receive, so argument passing is compared too. */
const globals = {
  ref: (...args: unknown[]) => `"main"."${String(args[args.length - 1])}"`,
  source: (a: string, b: string) => `"${a}"."${b}"`,
  config: () => '',
  echo: (...args: unknown[]) => JSON.stringify(args),
  nothing: () => null,
};

const node = { type: 'model', name: 'm' };

const SIMPLE = [
  "select * from {{ ref('orders') }}",
  "select a.id from {{ ref('a') }} a join {{ source('raw', 'events') }} e on a.id = e.id\n",
  "{{ config(materialized='table', tags=['x', 'y'], order_by=['id']) }}\nselect 1 as id\n",
  "select {{ echo('a', 1, -2, 3.5, true, False, none, None, ['l', 2, [3]]) }}",
  "select {{ echo(\"dq\", 'it\\'s', 'tab\\there') }}",
  "select {{ echo('x', key='v', n=2, flag=True, items=['a', 'b']) }}",
  "select {{ nothing() }} as x -- trailing\n",
  "{# a comment with {{ ref('hidden') }} #}\nselect {{ ref('shown') }}\n",
  "select '{ not jinja }' as brace, '}}' as close\n",
  'no jinja at all\n',
];

describe('fast render path', () => {
  it('takes simple templates and renders them exactly as nunjucks does', () => {
    const renderer = new Renderer(globals);
    for (const [i, source] of SIMPLE.entries()) {
      expect(parseFastTemplate(source), source).not.toBeNull();
      const fast = renderer.render(`models/m${i}.sql`, source, {}, node);
      const slow = renderer.env.renderString(source, {});
      expect(fast.diagnostic, source).toBeUndefined();
      expect(fast.sql, source).toBe(slow);
    }
  });

  it('leaves anything beyond literal calls to nunjucks', () => {
    for (const source of [
      '{% if true %}x{% endif %}',
      "{{ ref('a') | upper }}",
      '{{ some_var }}',
      "{{- ref('a') }}",
      "{{ ref('a') ~ 'x' }}",
      "{{ echo(a='1', 'positional after keyword') }}",
      "{{ echo(x == 1) }}",
      "{{ ref('unterminated) }}",
    ]) {
      expect(parseFastTemplate(source), source).toBeNull();
    }
  });

  it('is used for a model and gives the same SQL as the nunjucks path', () => {
    const renderer = new Renderer(globals);
    const fastSource = "select {{ echo('k', n=1) }} from {{ ref('a') }}\n";
    // The same template with a no-op block forces the nunjucks path.
    const slowSource = `{% if true %}{% endif %}${fastSource}`;
    expect(parseFastTemplate(fastSource)).not.toBeNull();
    expect(parseFastTemplate(slowSource)).toBeNull();
    const fast = renderer.render('models/f.sql', fastSource, {}, node).sql;
    const slow = renderer.render('models/s.sql', slowSource, {}, node).sql;
    expect(fast).toBe(slow);
    expect(fast).toBe('select ["k",{"n":1,"__keywords":true}] from "main"."a"\n');
  });
});

describe('fast render path positions', () => {
  it('records the 0-based line and the column of the ( of every call, as nunjucks reports them', () => {
    const source = "select {{ ref('a') }},\n  {{ echo('x') }}\n\n-- note\n  x {{  nothing( ) }} {{ ref('b') }}\n";
    const calls = parseFastTemplate(source)!.segments.filter((s) => typeof s !== 'string');
    expect(calls.map((c) => [c.name, c.line, c.column])).toEqual([
      ['ref', 0, 13], ['echo', 1, 9], ['nothing', 4, 15], ['ref', 4, 28],
    ]);
  });

  it('reports a failing call at the same 1-based line and column on the fast and the nunjucks path', () => {
    const renderer = new Renderer(globals);
    const fastSource = "select 1\nfrom {{ ref('a') }}\n  join {{ missing_macro('x') }}\n";
    const slowSource = `{% if true %}{% endif %}${fastSource}`;
    const fast = renderer.render('models/f.sql', fastSource, {}, node).diagnostic;
    const slow = renderer.render('models/s.sql', slowSource, {}, node).diagnostic;
    expect(fast?.line).toBe(3);
    expect(fast?.line).toBe(slow?.line);
    expect(fast?.column).toBe(slow?.column);
  });
});
