-- Fulfilled sales per customer: one row per customer with at least one fulfilled order, with the
-- revenue and count of those orders and the first and last order day. customer_segments ranks
-- these rows. With landing files only the customers whose orders changed in sales_by_order are
-- totalled again (see rollup_config in macros/medallion/incremental_facts.sql).
{{ rollup_config('customer_id') }}

select
    customer_id,
    cast(sum(revenue) as decimal(18, 2)) as lifetime_revenue,
    count(*) as order_count,
    min(order_date) as first_order_date,
    max(order_date) as last_order_date,
    {{ checked_at() }} as _built_at
from ({{ changed_rows(ref('sales_by_order'), 'customer_id') }}) as orders
group by customer_id
