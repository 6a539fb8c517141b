{#- Whole days from `start_date` to `end_date` (positive when end is later). -#}
{% macro days_between(start_date, end_date) -%}
  {{ adapter.dispatch('days_between')(start_date, end_date) }}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
  date_diff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}

{% macro spark__days_between(start_date, end_date) -%}
  datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}
