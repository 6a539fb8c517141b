-- Top products: the ten best sellers by revenue, with their category and rank inside it.

select
    revenue_rank,
    product_name,
    category,
    brand,
    revenue,
    units,
    orders,
    rank_in_category
from {{ ref('product_performance') }}
where revenue_rank <= 10
order by revenue_rank
