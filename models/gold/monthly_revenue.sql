-- Revenue per calendar month of the order date (fulfilled orders only, totalled per order in
-- sales_by_order), with month-over-month growth and the running total.

with months as (
    select
        order_month as month,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        count(*) as orders,
        count(distinct customer_id) as customers
    from {{ ref('sales_by_order') }}
    group by order_month
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
