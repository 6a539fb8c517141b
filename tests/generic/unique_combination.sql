{#- No two rows share the same values in `columns` (a composite key): returns each repeated
    combination with how often it appears. With `scope_column` and landing files, only combinations
    whose first column occurs in the rows of the latest build are counted (over every row), as
    unique_scoped does for one column. -#}
{% test unique_combination(model, columns, scope_column=none) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
{%- if scope_column and var('landing_path', none) %}
where {{ every_row_is_latest(model, scope_column) }}
    or {{ columns[0] }} in ({{ latest_rows(model, columns[0], scope_column) }})
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
