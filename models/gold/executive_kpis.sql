-- The headline numbers, one row. Revenue and orders come from fulfilled order lines (the same rule
-- as every gold table, totalled per order in sales_by_order); the last month is the latest month in
-- monthly_revenue.

with orders as (
    select *
    from {{ ref('sales_by_order') }}
),

per_customer as (
    -- Customers with at least one fulfilled order, as customer_segments counts them (grouping the
    -- orders per customer again cost 0.12 s at scale 1000).
    select
        customer_id,
        order_count as orders,
        last_order_date
    from {{ ref('customer_segments') }}
    where order_count > 0
),

totals as (
    select
        cast(sum(revenue) as decimal(18, 2)) as total_revenue,
        cast(sum(revenue - cost) as decimal(18, 2)) as gross_margin,
        count(*) as total_orders,
        sum(lines) as total_lines
    from orders
),

customer_counts as (
    select
        (select count(*) from {{ ref('silver_customers') }}) as total_customers,
        count(case when {{ days_between('last_order_date', as_of_date()) }} < {{ var('active_customer_days') }} then 1 end) as active_customers,
        count(*) as purchasing_customers,
        count(case when orders >= 2 then 1 end) as repeat_customers
    from per_customer
),

last_month as (
    select revenue, mom_growth_pct
    from {{ ref('monthly_revenue') }}
    where month = (select max(month) from {{ ref('monthly_revenue') }})
)

select
    totals.total_revenue,
    totals.total_orders,
    customer_counts.total_customers,
    customer_counts.active_customers,
    {{ to_money('totals.total_revenue / nullif(totals.total_orders, 0)') }} as avg_order_value,
    {{ pct('customer_counts.repeat_customers', 'customer_counts.purchasing_customers') }} as repeat_purchase_rate,
    cast(round(1.0 * totals.total_lines / nullif(totals.total_orders, 0), 2) as decimal(9, 2)) as avg_items_per_order,
    {{ pct('totals.gross_margin', 'totals.total_revenue') }} as gross_margin_pct,
    last_month.revenue as last_month_revenue,
    last_month.mom_growth_pct as last_month_growth_pct
from totals
cross join customer_counts
cross join last_month
