-- Per product (every silver product, sold or not): revenue and units from fulfilled lines (totalled
-- per order and product in sales_by_order_product), with its rank overall and within its category
-- (ties by product_id).

with sales as (
    -- Totalled per product before the join: grouping two million joined rows by four columns took
    -- three times as long at scale 1000.
    select
        product_id,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        sum(units) as units,
        count(*) as orders
    from {{ ref('sales_by_order_product') }}
    group by product_id
),

per_product as (
    select
        products.product_id,
        products.product_name,
        products.category,
        products.brand,
        coalesce(sales.revenue, 0) as revenue,
        coalesce(sales.units, 0) as units,
        coalesce(sales.orders, 0) as orders
    from {{ ref('silver_products') }} as products
    left join sales
        on sales.product_id = products.product_id
)

select
    product_id,
    product_name,
    category,
    brand,
    revenue,
    units,
    orders,
    row_number() over (order by revenue desc, product_id) as revenue_rank,
    row_number() over (partition by category order by revenue desc, product_id) as rank_in_category
from per_product
