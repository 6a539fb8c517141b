-- Segment mix: how many customers each revenue segment holds and how much of the revenue they
-- bring, for a pie or stacked bar chart.

select
    segment,
    customers,
    {{ pct('customers', 'sum(customers) over ()') }} as customer_share_pct,
    revenue,
    revenue_share_pct,
    orders,
    avg_order_value
from {{ ref('segment_summary') }}
order by segment_order
