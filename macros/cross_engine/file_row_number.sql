{#- The 1-based position of each row in the relation it is selected from, in read order.
    DuckDB keeps insertion order for a plain scan (preserve_insertion_order is on by default), so an
    empty window numbers rows as they were read. Spark numbers them by its monotonically increasing
    id, which also follows file order within one file. -#}
{% macro file_row_number() -%}
  {{ adapter.dispatch('file_row_number')() }}
{%- endmacro %}

{% macro default__file_row_number() -%}
  row_number() over ()
{%- endmacro %}

{% macro spark__file_row_number() -%}
  row_number() over (order by monotonically_increasing_id())
{%- endmacro %}
