import type { TargetConfig } from '../adapter.js';

/**
 * The one project every engine builds. Engine differences live only in `project.yml` (the target)
 * and in the `contract_fail` dispatch macro; everything else is identical SQL, so a case that
 * passes on one engine and not the other is an adapter difference.
 *
 * The incremental models read `var('batch')`: batch 1 is the first build, batch 2 the next run.
 * Failing data tests hang off leaf views only (`audit_rows`, `people_notes`): in a build a failing test skips its model's children.
 */
export function contractProject(target: TargetConfig): Readonly<Record<string, string>> {
  return {
    'project.yml': [
      'name: contract',
      `target: ${target.name}`,
      'targets:',
      // JSON is YAML: the target exactly as the suite reads it back.
      `  ${target.name}: ${JSON.stringify(target)}`,
      'vars:',
      '  batch: 1',
      '',
    ].join('\n'),

    // Quotes, a comma, a backslash and unicode; a quoted "" and an unquoted empty field (both
    // load as NULL on every engine); a header with a reserved word.
    'seeds/people.csv': [
      'id,name,note,score,joined,select',
      '1,Ada,"Smith, ""Ann""",1.5,2024-01-02,x',
      "2,Bob,O'Brien C:\\temp,,2024-01-03,y",
      '3,Zoë,naïve ☃ 日本,2.25,,z',
      '4,"",,3,2024-01-05,',
      '',
    ].join('\n'),
    // Inferred types: codes with leading zeros stay text, int64's edge stays exact, booleans in
    // any case, timestamps with a space or a T. A space in a column name (Delta needs column
    // mapping for it).
    'seeds/codes.csv': [
      'code,n,flag,at,unit amount',
      '007,9223372036854775807,true,2024-01-02 03:04:05,1.50',
      '010,-1,FALSE,2024-02-29T23:59:59,2',
      '',
    ].join('\n'),
    // A header and no rows: an empty table of text columns.
    'seeds/no_rows.csv': 'id,name\n',
    'seeds/properties.yml': [
      'seeds:',
      '  - name: people',
      '    config:',
      "      column_types: { score: 'decimal(10,2)' }",
      '  - name: codes',
      '    columns:',
      '      - name: unit amount',
      '        quote: true',
      '        data_tests:',
      '          - not_null: { name: codes_unit_amount_not_null }',
      '',
    ].join('\n'),

    'macros/contract_fail.sql': [
      "{% macro duckdb__contract_fail(message) %}error('{{ message }}'){% endmacro %}",
      "{% macro spark__contract_fail(message) %}raise_error('{{ message }}'){% endmacro %}",
      "{% macro contract_fail(message) %}{{ adapter.dispatch('contract_fail')(message) }}{% endmacro %}",
      '',
    ].join('\n'),

    // --- materializations
    // Vars turn this view into a table, and `types` into a view, in a later run.
    'models/base_rows.sql': "{{ config(materialized=var('base_rows_as', 'view')) }}\nselect id, name from {{ ref('people') }}\n",
    // A var swaps in a failing query for the "failure leaves the previous table" case.
    'models/people_table.sql': [
      "{{ config(materialized='table') }}",
      "{% if var('fail_people', false) %}",
      "select id, case when id = 3 then {{ contract_fail('boom in people_table') }} else name end as name from {{ ref('people') }}",
      '{% else %}',
      "select id, name from {{ ref('people') }}",
      '{% endif %}',
      '',
    ].join('\n'),
    // A source naming the seed's relation; the comment's ref() orders it after the seed.
    'models/sources.yml': `sources:\n  - name: raw\n    schema: ${target.schema}\n    tables:\n      - name: people\n`,
    'models/from_source.sql': "{{ config(materialized='view') }}\n-- depends_on: {{ ref('people') }}\nselect count(*) as n from {{ source('raw', 'people') }}\n",
    'models/first_two.sql': "{{ config(materialized='ephemeral') }}\nselect id, name from {{ ref('people') }} where id <= 2\n",
    'models/from_ephemeral.sql': "{{ config(materialized='view') }}\nselect count(*) as n, max(name) as last from {{ ref('first_two') }}\n",

    // --- type mapping
    'models/types.sql': [
      "{{ config(materialized=var('types_as', 'table')) }}",
      'select',
      '  cast(2147483647 as integer) as int_col,',
      '  cast(9007199254740991 as bigint) as bigint_col,',
      '  cast(1234567890123.45 as decimal(18,2)) as decimal_col,',
      '  cast(0.5 as double) as double_col,',
      '  true as bool_col,',
      "  cast('2024-02-29' as date) as date_col,",
      "  cast('2024-02-29 13:45:30' as timestamp) as ts_col,",
      "  cast('2024-02-29 13:45:30.123456' as timestamp) as ts_ms_col,",
      '  cast(-0.01 as decimal(18,2)) as negative_cent_col,',
      // chr(39): a quote inside a literal is written differently on each engine.
      "  concat('it', chr(39), 's \"q\" naïve ☃ 日本') as string_col",
      '',
    ].join('\n'),

    // --- quoting: reserved words as relation and column names, mixed case, a dash; a space
    // only in a view (Delta refuses spaces in table column names without column mapping).
    // Layout configs name odd columns too; each engine applies what it supports (DuckDB sorts,
    // Spark partitions and Z-orders) and ignores the rest, so one project runs on both.
    'models/order.sql': [
      "{{ config(materialized='table', partition_by=['select'], zorder_by=['MixedCase'], order_by=['a-b']) }}",
      "select 1 as {{ adapter.quote('from') }}, 'x' as {{ adapter.quote('MixedCase') }}, 2 as {{ adapter.quote('a-b') }}, {{ adapter.quote('select') }} from {{ ref('people') }} where id = 1",
      '',
    ].join('\n'),
    'models/group.sql': "{{ config(materialized='view') }}\nselect {{ adapter.quote('from') }} as {{ adapter.quote('has space') }} from {{ ref('order') }}\n",

    // --- incremental strategies (batch 1, then batch 2)
    // is_incremental() and {{ this }}: a later batch repeats old rows, the filter keeps only new
    // ids. Batch 3 is for --full-refresh, which must ignore the filter and the old rows.
    'models/inc_append.sql': [
      "{{ config(materialized='incremental') }}",
      'select id, v from (',
      "{% if var('batch') == 1 %}select 1 as id, 'a' as v union all select 2, 'b'",
      "{% elif var('batch') == 2 %}select 1 as id, 'a' as v union all select 2, 'b' union all select 3, 'c'",
      "{% else %}select 3 as id, 'c' as v union all select 4, 'd'{% endif %}",
      ') as batch_rows',
      '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
      '',
    ].join('\n'),
    'models/inc_merge.sql': [
      "{{ config(materialized='incremental', unique_key='id') }}",
      "{% if var('batch') == 1 %}select 1 as id, 'a' as v union all select 2, 'b'",
      "{% else %}select 2 as id, 'B' as v union all select 3, 'c'{% endif %}",
      '',
    ].join('\n'),
    'models/inc_merge_composite.sql': [
      "{{ config(materialized='incremental', unique_key=['k1', 'k2']) }}",
      "{% if var('batch') == 1 %}select 1 as k1, 'x' as k2, 10 as n union all select 1, 'y', 20",
      "{% else %}select 1 as k1, 'y' as k2, 21 as n union all select 2, 'x', 30{% endif %}",
      '',
    ].join('\n'),
    // delete+insert replaces every row of a key, duplicates included (merge would refuse them).
    'models/inc_delete_insert.sql': [
      "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='k') }}",
      "{% if var('batch') == 1 %}select 1 as k, 'a' as v union all select 1, 'b' union all select 2, 'c'",
      "{% else %}select 1 as k, 'z' as v{% endif %}",
      '',
    ].join('\n'),
    // insert_overwrite replaces the partitions present in the batch (here day 2 and the NULL day)
    // and keeps the others (day 1).
    'models/inc_overwrite.sql': [
      "{{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by=['day']) }}",
      "{% if var('batch') == 1 %}select 1 as id, 1 as day union all select 2, 2 union all select 3, 2 union all select 4, cast(null as integer)",
      "{% else %}select 5 as id, 2 as day union all select 6, cast(null as integer){% endif %}",
      '',
    ].join('\n'),

    // on_schema_change: the next batch adds a column.
    'models/inc_new_column.sql': [
      "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}",
      "{% if var('batch') == 1 %}select 1 as id, 'a' as v",
      "{% else %}select 2 as id, 'b' as v, 'x' as w{% endif %}",
      '',
    ].join('\n'),
    // merge refuses a batch with a key twice (it would keep several rows per key).
    'models/inc_merge_dupes.sql': [
      "{{ config(materialized='incremental', unique_key='id') }}",
      "{% if var('batch') == 1 %}select 1 as id, 'a' as v",
      "{% else %}select 1 as id, 'x' as v union all select 1, 'y'{% endif %}",
      '',
    ].join('\n'),

    // --- data tests
    'models/people_notes.sql': "{{ config(materialized='view') }}\nselect note from {{ ref('people') }}\n",
    'models/audit_rows.sql': [
      "{{ config(materialized='view') }}",
      "select 1 as id, 'open' as status, 1 as person_id",
      "union all select 2, 'closed', 2",
      "union all select 2, 'weird', 99",
      "union all select cast(null as integer), 'open', 1",
      '',
    ].join('\n'),
    'tests/generic/at_most.sql': '{% test at_most(model, column_name, limit_value) %}\nselect * from {{ model }} where {{ column_name }} > {{ limit_value }}\n{% endtest %}\n',
    'tests/assert_people_ids_positive.sql': "select * from {{ ref('people_table') }} where id <= 0\n",
    'tests/assert_no_weird_status.sql': "select * from {{ ref('audit_rows') }} where status = 'weird'\n",
    'models/properties.yml': [
      'models:',
      '  - name: people_table',
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - not_null: { name: people_id_not_null }',
      '          - unique: { name: people_id_unique }',
      '          - relationships: { name: people_id_in_seed, to: "ref(\'people\')", field: id }',
      '      - name: name',
      '        data_tests:',
      "          - accepted_values: { name: people_name_known, values: ['Ada', 'Bob', 'Zoë'], config: { where: 'name is not null' } }",
      '  - name: order',
      '    columns:',
      '      - name: from',
      '        quote: true',
      '        data_tests:',
      '          - not_null: { name: order_from_not_null }',
      '  - name: people_notes',
      '    columns:',
      '      - name: note',
      '        data_tests:',
      // Values holding a quote, a backslash, a comma and unicode: each engine's literal syntax.
      `          - accepted_values: { name: people_note_known, values: ['Smith, "Ann"', "O'Brien C:\\\\temp", 'naïve ☃ 日本'] }`,
      '  - name: audit_rows',
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - not_null: { name: audit_id_not_null }',
      '          - unique: { name: audit_id_unique }',
      '      - name: status',
      '        data_tests:',
      "          - accepted_values: { name: audit_status_known, values: ['open', 'closed'] }",
      "          - accepted_values: { name: audit_status_warn, values: ['open', 'closed'], config: { severity: warn } }",
      '      - name: person_id',
      '        data_tests:',
      '          - relationships: { name: audit_person_exists, to: "ref(\'people\')", field: id, config: { store_failures: true } }',
      '          - at_most: { name: audit_person_at_most_2, limit_value: 2 }',
      '',
    ].join('\n'),
  };
}
