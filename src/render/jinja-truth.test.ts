import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/index.js';
import { captureReporter, cleanupProjects, writeProject } from '../test-support/project.js';
import { jinjaTruthy } from './jinja-truth.js';

afterAll(cleanupProjects);

async function sqlOf(model: string, macros = ''): Promise<string> {
  const dir = writeProject({ 'project.yml': 'name: shop\nvars:\n  none_listed: []\n  some: {a: 1}\n', 'models/b.sql': model, 'macros/m.sql': macros });
  return (await compile({ projectDir: dir, reporter: captureReporter().reporter })).manifest.nodes['model.shop.b']!.compiled_code ?? '';
}

describe("Jinja's truth in templates (nunjucks takes [] and {} as true)", () => {
  it('takes empty lists, dicts and strings as false in if, elif, not and inline if, as Jinja and dbt do', async () => {
    expect(await sqlOf([
      "{% if [] %}a{% elif {} %}b{% elif '' %}c{% else %}d{% endif %}",
      "{% if [0] %}e{% endif %}{% if {'k': 0} %}f{% endif %}{% if 'x' %}g{% endif %}",
      "{% if not var('none_listed') %}h{% endif %}{% if var('some') %}i{% endif %}",
      "{{ 'j' if [] else 'k' }}{{ 'l' if undefined_name else 'm' }}{% if 0 %}n{% endif %}",
    ].join('|'))).toBe('d|efg|hi|km');
  });

  it('gives and / or their Python values, evaluating the right side only when needed', async () => {
    expect(await sqlOf("{{ [] or 'x' }}|{{ 'a' and 'b' }}|{{ '' and boom() }}|{{ 'c' or boom() }}|{{ (none_listed or [1, 2]) | length }}",
      "{% macro boom() %}{{ exceptions.raise_compiler_error('evaluated') }}{% endmacro %}"))
      .toBe('x|b||c|2');
  });

  it('keeps a macro that returns an empty string false and markup with text true', async () => {
    expect(await sqlOf("{% if blank() %}a{% else %}b{% endif %}{% if word() %}c{% endif %}",
      "{% macro blank() %}{% endmacro %}\n{% macro word() %}w{% endmacro %}")).toBe('bc');
  });

  it('concatenates two lists with +, and still adds numbers and joins strings', async () => {
    expect(await sqlOf("{% set hooks = ['a'] + ['b', 'c'] %}{{ hooks | length }}:{{ hooks | join('-') }}|{{ 1 + 2 }}|{{ 'x' + 'y' }}|{{ (var('none_listed') + [4]) | first }}"))
      .toBe('3:a-b-c|3|xy|4');
  });

  it('agrees with Python on plain values', () => {
    expect([[], {}, '', 0, NaN, null, undefined, false, new Map(), new Set()].map(jinjaTruthy)).toEqual(Array(10).fill(false));
    expect([[0], { a: 0 }, ' ', -1, true, new Map([[1, 1]]), new Date(0)].map(jinjaTruthy)).toEqual(Array(7).fill(true));
  });
});
