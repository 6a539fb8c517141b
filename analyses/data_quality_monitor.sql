-- Data quality monitor: rejected raw rows per entity and reason, as a share of the entity's raw
-- rows. The generator's manifest (generator_manifest.json, expected_quarantine) states what these
-- counts should be for a generated extract.

with raw_rows as (
    select 'customers' as entity, count(*) as rows_read from {{ ref('bronze_customers') }}
    union all select 'products', count(*) from {{ ref('bronze_products') }}
    union all select 'orders', count(*) from {{ ref('bronze_orders') }}
    union all select 'order_items', count(*) from {{ ref('bronze_order_items') }}
)

select
    quarantine.entity,
    quarantine.reason,
    count(*) as rejected_rows,
    raw_rows.rows_read,
    {{ pct('count(*)', 'raw_rows.rows_read') }} as rejected_pct
from {{ ref('quarantine') }} as quarantine
join raw_rows
    on raw_rows.entity = quarantine.entity
group by quarantine.entity, quarantine.reason, raw_rows.rows_read
order by quarantine.entity, rejected_rows desc
