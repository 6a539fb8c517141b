-- Fulfilled sales per calendar month of the order date: revenue, orders and distinct customers.
-- monthly_revenue adds growth and the running total. With landing files only the months whose
-- orders changed in sales_by_order are totalled again (an increment of new orders: one month).
{{ rollup_config('order_month') }}

select
    order_month,
    cast(sum(revenue) as decimal(18, 2)) as revenue,
    count(*) as orders,
    count(distinct customer_id) as customers,
    {{ checked_at() }} as _built_at
from ({{ changed_rows(ref('sales_by_order'), 'order_month') }}) as orders
group by order_month
