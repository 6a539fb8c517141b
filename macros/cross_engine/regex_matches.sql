{#- True when `expr` matches the regular expression `pattern` anywhere (anchor it with ^ and $).
    Write patterns without backslashes (use [.] for a literal dot): engines escape string literals
    differently, and a character class reads the same everywhere. -#}
{% macro regex_matches(expr, pattern) -%}
  {{ adapter.dispatch('regex_matches')(expr, pattern) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
  regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
  ({{ expr }} rlike '{{ pattern }}')
{%- endmacro %}
