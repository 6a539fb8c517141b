{#- Where bronze reads an entity's raw rows from: the committed seed (default), or
    `<raw_data_path>/<entity>.csv` when the raw_data_path var points at a generated extract. -#}
{% macro raw_file(entity) -%}
  {%- if var('raw_data_path', none) -%}
    {{ read_raw_csv(var('raw_data_path') ~ '/' ~ entity ~ '.csv') }}
  {%- else -%}
    {{ ref(entity) }}
  {%- endif -%}
{%- endmacro %}

{#- The file name recorded in bronze's _source_file column. -#}
{% macro raw_file_name(entity) -%}
  {%- if var('raw_data_path', none) -%}
    {{ var('raw_data_path') ~ '/' ~ entity ~ '.csv' }}
  {%- else -%}
    seeds/{{ entity }}.csv
  {%- endif -%}
{%- endmacro %}

{#- The raw columns of an entity, comma separated, optionally qualified by a relation alias. -#}
{% macro raw_columns(entity, relation_alias=none) -%}
  {%- for column in var('raw_columns')[entity] -%}
    {% if relation_alias %}{{ relation_alias }}.{% endif %}{{ column }}{% if not loop.last %}, {% endif %}
  {%- endfor -%}
{%- endmacro %}

{#- Bronze's ingestion metadata: which file, when, and which data row of the file (1 = first row
    after the header). -#}
{% macro ingestion_metadata(entity) -%}
  '{{ raw_file_name(entity) }}' as _source_file,
    cast(current_timestamp as timestamp) as _ingested_at,
    {{ file_row_number() }} as _row_number
{%- endmacro %}
