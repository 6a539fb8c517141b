{#- Where bronze reads an entity's raw rows from: the committed seed (default),
    `<raw_data_path>/<entity>.csv` when the raw_data_path var points at a generated extract, or every
    `<landing_path>/<entity>/*.csv` not ingested yet when the landing_path var is set (file-by-file
    ingestion: the bronze models are then incremental and append only those files; each file's header
    must name the entity's raw_columns, checked before DuckDB reads it without sniffing). `_read_order`
    numbers the rows as read, file after file in path order. -#}
{% macro raw_file(entity) -%}
  {%- if var('landing_path', none) -%}
    (select *, {{ file_row_number() }} as _read_order
     from {{ ingest_files(var('landing_path') ~ '/' ~ entity ~ '/*.csv', options='header = true, all_varchar = true', columns=var('raw_columns')[entity]) }}) as landed
  {%- elif var('raw_data_path', none) -%}
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

{#- Bronze's ingestion metadata: which file, when, and the row's number (the bronze key). With one
    raw file it is the data row of the file (1 = first row after the header). With landing files it
    continues from the rows already ingested (1 = first row of the first file ever ingested), so it
    stays unique across files and grows in ingestion order. -#}
{% macro ingestion_metadata(entity) -%}
  {%- if var('landing_path', none) -%}
  _source_file,
    cast(current_timestamp as timestamp) as _ingested_at,
    {% if is_incremental() %}(select coalesce(max(_row_number), 0) from {{ this }}) + {% endif %}_read_order as _row_number
  {%- else -%}
  '{{ raw_file_name(entity) }}' as _source_file,
    cast(current_timestamp as timestamp) as _ingested_at,
    {{ file_row_number() }} as _row_number
  {%- endif -%}
{%- endmacro %}
