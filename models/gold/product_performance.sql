-- Per product (every silver product, sold or not): revenue and units from fulfilled lines (totalled
-- per order and product in sales_by_order_product), with its rank overall and within its category
-- (ties by product_id).

with per_product as (
    select
        products.product_id,
        products.product_name,
        products.category,
        products.brand,
        cast(coalesce(sum(sales.revenue), 0) as decimal(18, 2)) as revenue,
        coalesce(sum(sales.units), 0) as units,
        count(sales.order_id) as orders
    from {{ ref('silver_products') }} as products
    left join {{ ref('sales_by_order_product') }} as sales
        on sales.product_id = products.product_id
    group by products.product_id, products.product_name, products.category, products.brand
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
