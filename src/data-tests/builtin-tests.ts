/**
 * The generic tests every project has, written as ordinary `{% test %}` blocks so project tests
 * and these go through one path. A project may override any of them by defining its own.
 */
export const BUILTIN_TESTS_FILE = '<mdl builtin tests>';

export const BUILTIN_TESTS = `
{% test not_null(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
{% endtest %}

{% test unique(model, column_name) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}

{% test accepted_values(model, column_name, values, quote=true) %}
with all_values as (
    select {{ column_name }} as value_field, count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {%- for value in values -%}
    {%- if quote %}{{ adapter.literal(value) }}{% else %}{{ value }}{% endif %}{{ "," if not loop.last }}
    {%- endfor -%}
)
{% endtest %}

{% test relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
{% endtest %}
`;
