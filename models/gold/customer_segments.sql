-- One row per silver customer with lifetime value and a revenue segment.
-- Customers are ranked by lifetime revenue (descending, ties by customer_id); VIP is the top
-- segment_vip_pct percent of all customers, Premium the next segment_premium_pct, Standard the
-- next segment_standard_pct, Basic the rest. A customer with no revenue is always Basic.

{{ config(order_by=['segment', 'customer_id']) }}

with per_customer_orders as (
    -- Totalled per customer before the join: joining 500,000 customers to every order first and
    -- grouping after took twice as long at scale 1000.
    select
        customer_id,
        cast(sum(revenue) as decimal(18, 2)) as lifetime_revenue,
        count(*) as order_count,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from {{ ref('sales_by_order') }}
    group by customer_id
),

per_customer as (
    select
        customers.customer_id,
        coalesce(orders.lifetime_revenue, 0) as lifetime_revenue,
        coalesce(orders.order_count, 0) as order_count,
        orders.first_order_date,
        orders.last_order_date
    from {{ ref('silver_customers') }} as customers
    left join per_customer_orders as orders
        on orders.customer_id = customers.customer_id
),

ranked as (
    select
        *,
        row_number() over (order by lifetime_revenue desc, customer_id) as revenue_rank,
        (select count(*) from {{ ref('silver_customers') }}) as customer_total
    from per_customer
)

select
    customer_id,
    lifetime_revenue,
    order_count,
    {{ to_money('lifetime_revenue / nullif(order_count, 0)') }} as avg_order_value,
    first_order_date,
    last_order_date,
    {{ days_between('last_order_date', as_of_date()) }} as recency_days,
    -- Integer arithmetic (rank * 100 <= total * pct) so no percentage is lost to float rounding.
    case
        when lifetime_revenue = 0 then 'Basic'
        when revenue_rank * 100 <= customer_total * {{ var('segment_vip_pct') }} then 'VIP'
        when revenue_rank * 100 <= customer_total * {{ var('segment_vip_pct') + var('segment_premium_pct') }} then 'Premium'
        when revenue_rank * 100 <= customer_total * {{ var('segment_vip_pct') + var('segment_premium_pct') + var('segment_standard_pct') }} then 'Standard'
        else 'Basic'
    end as segment
from ranked
