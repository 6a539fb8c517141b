{#- A relation over one raw CSV file with a header row, every column read as text (so a value like
    ' 12' or 'abc' survives exactly as it arrived). -#}
{% macro read_raw_csv(path) -%}
  {{ adapter.dispatch('read_raw_csv')(path) }}
{%- endmacro %}

{% macro default__read_raw_csv(path) -%}
  read_csv('{{ path }}', header = true, all_varchar = true, auto_detect = true)
{%- endmacro %}

{% macro spark__read_raw_csv(path) -%}
  {#- Spark SQL has no table function that reads a CSV with its header; load the files as tables
      (or seeds) instead of setting raw_data_path. -#}
  {{ exceptions.raise_compiler_error("raw_data_path is not supported on Spark: load " ~ path ~ " as a table or seed") }}
{%- endmacro %}
