-- Nothing is lost between bronze and silver: for each entity, bronze rows = silver rows +
-- quarantined rows. Returns the entities where that does not hold.

with counts as (
    select
        'customers' as entity,
        (select count(*) from {{ ref('bronze_customers') }}) as bronze_rows,
        (select count(*) from {{ ref('silver_customers') }}) as silver_rows
    union all
    select
        'products',
        (select count(*) from {{ ref('bronze_products') }}),
        (select count(*) from {{ ref('silver_products') }})
    union all
    select
        'orders',
        (select count(*) from {{ ref('bronze_orders') }}),
        (select count(*) from {{ ref('silver_orders') }})
    union all
    select
        'order_items',
        (select count(*) from {{ ref('bronze_order_items') }}),
        (select count(*) from {{ ref('silver_order_items') }})
),

quarantined as (
    select entity, count(*) as quarantined_rows
    from {{ ref('quarantine') }}
    group by entity
)

select
    counts.entity,
    counts.bronze_rows,
    counts.silver_rows,
    coalesce(quarantined.quarantined_rows, 0) as quarantined_rows
from counts
left join quarantined
    on quarantined.entity = counts.entity
where counts.bronze_rows <> counts.silver_rows + coalesce(quarantined.quarantined_rows, 0)
