-- Per product category: revenue, units and orders from fulfilled lines (totalled per order and
-- product in sales_by_order_product), the average discount per line, the gross margin (revenue
-- minus cost of the units sold) and the category's share and rank.

with sales as (
    -- Totalled per category before the join (no join of two million rows).
    select
        category,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        sum(units) as units,
        count(case when first_in_category then 1 end) as orders,
        cast(round(sum(discount_total) / sum(lines), 4) as decimal(5, 4)) as avg_discount,
        cast(sum(revenue - cost) as decimal(18, 2)) as gross_margin
    from {{ ref('sales_by_order_product') }}
    group by category
),

per_category as (
    select
        categories.category,
        coalesce(sales.revenue, 0) as revenue,
        coalesce(sales.units, 0) as units,
        coalesce(sales.orders, 0) as orders,
        sales.avg_discount,
        coalesce(sales.gross_margin, 0) as gross_margin
    from (select distinct category from {{ ref('silver_products') }}) as categories
    left join sales
        on sales.category = categories.category
)

select
    category,
    revenue,
    units,
    orders,
    avg_discount,
    gross_margin,
    {{ pct('gross_margin', 'revenue') }} as gross_margin_pct,
    {{ pct('revenue', 'sum(revenue) over ()') }} as revenue_share_pct,
    row_number() over (order by revenue desc, category) as revenue_rank
from per_category
