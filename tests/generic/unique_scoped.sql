{#- `unique`, checked in proportion to what a build wrote. With landing files only keys that occur in
    the rows of the latest build that wrote the relation (the newest `scope_column`: _ingested_at,
    _checked_at, _refreshed_at or _built_at) are counted, over every row of the relation. A repeated
    key needs at least one row written since the last build, whose key is then counted with all its
    rows, so this finds every duplicate a full count would find, provided the previous build's
    tests passed. Without landing files, and on a first or full build (every row is of the latest
    build), it is `unique`. -#}
{% test unique_scoped(model, column_name, scope_column) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
{%- if var('landing_path', none) %}
    and ({{ every_row_is_latest(model, scope_column) }}
        or {{ column_name }} in ({{ latest_rows(model, column_name, scope_column) }}))
{%- endif %}
group by {{ column_name }}
having count(*) > 1
{% endtest %}

{#- `relationships`, checked in proportion to what a build wrote. With landing files it checks the
    child rows of the latest build (the newest `scope_column`) and every child row whose parent key
    is in `parent_changes` (a query of the parent keys decided again or gone in the parent's latest
    build): an orphan needs a child row written since the last build, or a parent that changed, so
    this finds every orphan a full check would find, provided the previous build's tests passed.
    Without landing files it is `relationships`. -#}
{% test relationships_scoped(model, column_name, to, field, scope_column, parent_changes) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
    {%- if var('landing_path', none) %}
        -- The rows themselves, not every row sharing their key: an older row with the same key has
        -- the same parent (at scale 1000 the latest lines' customers have 256,000 lines, against
        -- 44,000 latest lines). A first or full build wrote every row, so every row is latest.
        and ({{ written_by_latest_build(model, scope_column) }}
            or {{ column_name }} in ({{ parent_changes }}))
    {%- endif %}
),

parent as (
    select {{ field }} as to_field
    from {{ to }}
)

select child.from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
{% endtest %}
