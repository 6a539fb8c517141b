-- Category performance: revenue, share, margin and discount depth per category, best first.

select
    revenue_rank,
    category,
    revenue,
    revenue_share_pct,
    gross_margin,
    gross_margin_pct,
    units,
    orders,
    cast(round(avg_discount * 100, 2) as decimal(9, 2)) as avg_discount_pct
from {{ ref('category_performance') }}
order by revenue_rank
