/**
 * fast-check generators for the fuzz tests: Jinja templates near what dbt users write (and the
 * mistakes they make), YAML near mdl's project and properties shapes, selector strings, CSV files.
 * Sizes are kept small so one case renders or loads in milliseconds and loops stay bounded.
 */
import fc from 'fast-check';

const ident = fc.constantFrom(
  'x', 'people', 'stg_people', 'ref', 'var', 'config', 'this', 'target', 'none', 'True', 'loop', 'caller',
  'adapter', 'exceptions', 'namespace', 'range', 'dict', 'model', 'env_var', 'source', 'is_incremental',
  'money', 'echo', 'modules', 'run_query', 'log', 'return', 'zip', 'cycler', 'joiner', '__proto__', 'constructor',
);

const literal = fc.oneof(
  fc.integer({ min: -3, max: 6 }).map(String),
  fc.constantFrom("'a'", '"b"', 'none', 'None', 'true', 'False', '[]', '{}', '[1, 2]', "{'k': 1}", "''", "'people'", "'MDL_X'"),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);

const BINARY = ['+', '-', '*', '/', '//', '%', '~', '==', '!=', '<', 'and', 'or', 'in', 'not in', 'is', 'is not'];
const FILTERS = ['upper', 'lower', 'join', 'length', 'default', 'tojson', 'unique', 'int', 'first', 'list', 'trim', 'replace', 'map', 'safe', 'sort', 'nope'];

/** A Jinja expression. */
export const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 3 },
    literal,
    ident,
    fc.tuple(ident, fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(ident, ident, tie('e')).map(([f, k, v]) => `${f}(${k}=${v})`),
    fc.tuple(tie('e'), fc.constantFrom(...BINARY), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('e'), fc.constantFrom(...FILTERS)).map(([a, f]) => `${a} | ${f}`),
    fc.tuple(tie('e'), ident).map(([a, b]) => `${a}.${b}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a}[${b}]`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `not ${a}`),
  ),
})).e;

const UNBALANCED = [
  '{{', '}}', '{%', '%}', '{#', '#}', '{% endif %}', '{% else %}', '{% endfor %}', '{% raw %}', '{% endraw %}',
  '{% endmacro %}', '{% call money(1) %}', '{% endcall %}', '{%- if', '-%}', "'", '"', '{{ }}', '{% %}', '{% set %}',
];

/** One piece of a model template. */
const fragment = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('select 1 as x', '\n', ' from ', ' where ', '-- comment {{ x }}\n', '/* {% if %} */'),
  expression.map((e) => `{{ ${e} }}`),
  expression.map((e) => `{%- if ${e} %}a{% else %}b{% endif -%}`),
  expression.map((e) => `{% for i in ${e} %}{{ i }},{% endfor %}`),
  fc.tuple(ident, expression).map(([n, e]) => `{% set ${n} = ${e} %}`),
  expression.map((e) => `{% do ${e} %}`),
  expression.map((e) => `{{ ref(${e}) }}`),
  expression.map((e) => `{{ config(materialized=${e}) }}`),
  expression.map((e) => `{{ var(${e}) }}`),
  expression.map((e) => `{{ exceptions.raise_compiler_error(${e}) }}`),
  fc.constantFrom(
    "{{ ref('people') }}", '{{ money(3) }}', '{{ echo(this) }}', "{{ source('a', 'b') }}", '{{ is_incremental() }}',
    "{% macro local(a, b=2) %}{{ a ~ b }}{% endmacro %}{{ local(1) }}", '{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}',
    "{{ adapter.dispatch('money')(1) }}", "{{ env_var('MDL_FUZZ_UNSET') }}", '{% for x in xs if x %}{% endfor %}',
    "{% set a, b = 1, 2 %}", "{{ '%s' % 1 }}", '{{ caller() }}', "{{ log('hi', info=true) }}", "{{ run_query('select 1') }}",
  ),
  fc.constantFrom(...UNBALANCED),
);

/** A model template: a handful of fragments. */
export const template = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(''));

/** Values for `vars`, as a project or `--vars` would give them. */
export const vars = fc.dictionary(
  fc.constantFrom('x', 'xs', 'people', 'k', 'a', 'start_date'),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 4 },
);

const YAML_KEYS = [
  'name', 'models', 'seeds', 'sources', 'columns', 'data_tests', 'tests', 'config', 'description', 'tables',
  'materialized', '+materialized', 'schema', '+schema', 'tags', '+tags', 'vars', 'model-paths', 'seed-paths', 'target',
  'targets', 'type', 'path', 'threads', 'unique', 'not_null', 'accepted_values', 'values', 'arguments', 'column_types',
  'enabled', 'version', 'meta', 'docs', 'loaded_at_field', 'fuzz', 'stg_people', 'people', 'dev', 'severity', 'to', 'field',
  'relationships', 'data_type', 'alias', 'database', 'identifier', 'on-run-start', 'quoting', 'clean-targets',
];

const yamlValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 4 },
    fc.constantFrom(null, true, false, 0, 1, -1, 1.5, '', 'x', 'people', 'stg_people', 'table', 'view', 'main', 'fuzz', 'dev', 'duckdb',
      "{{ var('x') }}", "{{ env_var('MDL_FUZZ_UNSET') }}", 'error', ':memory:'),
    fc.string({ maxLength: 8 }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...YAML_KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;

/** A mapping shaped roughly like project.yml or a properties file, with random keys and values. */
export const yamlDocument = fc.dictionary(fc.constantFrom(...YAML_KEYS), yamlValue, { maxKeys: 6 });

/** Characters that break YAML in interesting ways, for splicing into valid documents. */
export const yamlNoise = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom(':', '-', ' ', '  ', '\n', '\t', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!binary ', '<<: ', '? ', '|', '>', '#', '%YAML 1.2\n', '---\n', '...\n', '\u0000', '\uFEFF', '@', '`')),
  { minLength: 1, maxLength: 4 },
);

/** A selector as typed on the command line. */
export const selectorSpec = fc.array(
  fc.constantFrom('a', 'people', 'stg', 'x', ':', '+', '@', '*', '?', '.', '/', ',', ' ', '1', '2', '_', '-', '[', ']', '(', ')',
    '\\', '$', '^', 'tag:', 'path:', 'config.materialized:', 'fqn:', 'resource_type:', 'source:', 'test_type:', 'package:',
    'models/', '.sql', 'test_name:', 'file:', 'state:', 'exposure:', '3+', '+1'),
  { maxLength: 8 },
).map((parts) => parts.join(''));

const cell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('', 'NULL', 'null', 'true', 'FALSE', '2024-01-31', '2024-02-30', '12:00', 'abc', ' spaced ', 'é', '日本', '"', '""', '"a,b"', '"line\nbreak"', '\\', 'x"y', '1e400', '-0'),
  fc.string({ maxLength: 6 }),
);

/** A CSV file: header names, rows of cells, a delimiter and line ending; rows may be ragged. */
export const csvFile = fc.record({
  header: fc.array(fc.constantFrom('id', 'name', 'amount', 'day', '', 'a b', 'id', 'Name', '"q"', 'x'), { minLength: 0, maxLength: 5 }),
  rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }),
  delimiter: fc.constantFrom(',', ',', ';', '\t', '|'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
}).map(({ header, rows, delimiter, eol, bom }) => ({
  header,
  delimiter,
  text: `${bom ? '\uFEFF' : ''}${[header, ...rows].map((r) => r.join(delimiter)).join(eol)}`,
}));

export const columnType = fc.constantFrom('integer', 'varchar', 'date', 'double', 'boolean', 'decimal(10,2)', 'timestamp', 'bigint', 'intger', 'varchar(3)', 'struct(a int)', "'); drop table x; --");
