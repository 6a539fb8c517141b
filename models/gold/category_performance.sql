-- Per product category: revenue, units and orders from fulfilled lines, the average discount, the
-- gross margin (revenue minus cost of the units sold) and the category's share and rank.

with per_category as (
    select
        categories.category,
        cast(coalesce(sum(lines.line_revenue), 0) as decimal(18, 2)) as revenue,
        coalesce(sum(lines.quantity), 0) as units,
        count(distinct lines.order_id) as orders,
        cast(round(avg(lines.discount), 4) as decimal(5, 4)) as avg_discount,
        cast(coalesce(sum(lines.line_revenue - lines.line_cost), 0) as decimal(18, 2)) as gross_margin
    from (select distinct category from {{ ref('silver_products') }}) as categories
    left join {{ ref('order_lines') }} as lines
        on lines.category = categories.category
        and lines.is_fulfilled
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
