{#- Helpers of the scoped data tests (tests/generic/unique_scoped.sql). A relation's latest build is
    the newest value of its build-time column (`scope_column`); when every row has that value (a
    first or full build) the tests check every row instead. -#}

{#- True when every row of `relation` was written by its latest build. -#}
{% macro every_row_is_latest(relation, scope_column) -%}
    (select min({{ scope_column }}) = max({{ scope_column }}) from {{ relation }})
{%- endmacro %}

{#- True for the rows of `relation` its latest build wrote (every row after a first or full build). -#}
{% macro written_by_latest_build(relation, scope_column) -%}
    {{ scope_column }} = (select max({{ scope_column }}) from {{ relation }})
{%- endmacro %}

{#- Values of `column` in the rows of `relation` that its latest build wrote, when older rows exist
    (otherwise none: the caller then checks every row). -#}
{% macro latest_rows(relation, column, scope_column) -%}
    select {{ column }}
    from {{ relation }}
    where {{ written_by_latest_build(relation, scope_column) }}
        and (select min({{ scope_column }}) < max({{ scope_column }}) from {{ relation }})
{%- endmacro %}

{#- Keys validation model `checks` decided again, or forgot, in its latest build: every key that may
    have left (or joined) the silver table over it; every key when it decided them all. Empty
    without landing files (the scoped tests then check every row). -#}
{% macro redecided_keys(checks, key_column) -%}
  {%- if var('landing_path', none) -%}
    {%- set ledger = ref(checks) -%}
    {{ latest_rows(ledger, key_column, '_checked_at') }}
    union all
    select {{ key_column }} from {{ ledger }} where {{ every_row_is_latest(ledger, '_checked_at') }}
    union all
    select {{ key_column }}
    from {{ forgotten_log(ledger) }}
    where _forgotten_at >= (select max(_checked_at) from {{ ledger }})
  {%- endif -%}
{%- endmacro %}
