-- Revenue per calendar month of the order date (fulfilled orders only, totalled per month in
-- sales_by_month), with month-over-month growth and the running total.

with months as (
    select order_month as month, revenue, orders, customers
    from {{ ref('sales_by_month') }}
)

select
    month,
    revenue,
    orders,
    customers,
    {{ to_money('revenue / nullif(orders, 0)') }} as avg_order_value,
    {{ pct('revenue - lag(revenue) over (order by month)', 'lag(revenue) over (order by month)') }} as mom_growth_pct,
    cast(sum(revenue) over (order by month rows between unbounded preceding and current row) as decimal(18, 2)) as cumulative_revenue
from months
