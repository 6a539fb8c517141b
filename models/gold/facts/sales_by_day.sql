-- Fulfilled sales per order date, product category and channel: revenue, cost, units and lines
-- (additive measures only). The daily_sales export writes these rows as Parquet. With landing
-- files only the months whose orders changed in sales_by_order are totalled again from their lines
-- (see rollup_config in macros/medallion/incremental_facts.sql): a line that changes changes its
-- order's row there, or takes the order out of it.
-- depends_on: {{ ref('sales_by_order') }}
{{ rollup_config('order_month') }}

select
    order_date,
    order_month,
    category,
    channel,
    cast(sum(line_revenue) as decimal(18, 2)) as revenue,
    cast(sum(line_cost) as decimal(18, 2)) as cost,
    cast(sum(quantity) as bigint) as units,
    count(*) as lines,
    {{ checked_at() }} as _built_at
from ({{ changed_rows(ref('order_lines'), 'order_month') }}) as lines
where is_fulfilled
group by order_date, order_month, category, channel
