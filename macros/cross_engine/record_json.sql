{#- A row's named columns as one JSON object in a string, e.g. {"order_id":"17","status":" Shipped"}.
    `relation_alias` qualifies the columns; NULL values stay in the object as null where the engine
    allows it (Spark's to_json leaves them out). -#}
{% macro record_json(relation_alias, columns) -%}
  {{ adapter.dispatch('record_json')(relation_alias, columns) }}
{%- endmacro %}

{% macro default__record_json(relation_alias, columns) -%}
  cast(json_object(
    {%- for column in columns %}'{{ column }}', {{ relation_alias }}.{{ column }}{% if not loop.last %}, {% endif %}{% endfor -%}
  ) as string)
{%- endmacro %}

{% macro spark__record_json(relation_alias, columns) -%}
  to_json(named_struct(
    {%- for column in columns %}'{{ column }}', {{ relation_alias }}.{{ column }}{% if not loop.last %}, {% endif %}{% endfor -%}
  ))
{%- endmacro %}
