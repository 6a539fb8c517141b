-- Per product category: revenue, units and orders from fulfilled lines (totalled per order and
-- product in sales_by_order_product), the average discount per line, the gross margin (revenue
-- minus cost of the units sold) and the category's share and rank.

with per_category as (
    select
        categories.category,
        cast(coalesce(sum(sales.revenue), 0) as decimal(18, 2)) as revenue,
        coalesce(sum(sales.units), 0) as units,
        count(case when sales.first_in_category then 1 end) as orders,
        cast(round(sum(sales.discount_total) / sum(sales.lines), 4) as decimal(5, 4)) as avg_discount,
        cast(coalesce(sum(sales.revenue - sales.cost), 0) as decimal(18, 2)) as gross_margin
    from (select distinct category from {{ ref('silver_products') }}) as categories
    left join {{ ref('sales_by_order_product') }} as sales
        on sales.category = categories.category
    group by categories.category
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
