-- Per revenue segment (all four, even if one is empty): customers, fulfilled orders, revenue, its
-- share of total revenue, and the average order value.

with segments as (
    select 'VIP' as segment, 1 as segment_order
    union all select 'Premium', 2
    union all select 'Standard', 3
    union all select 'Basic', 4
),

per_segment as (
    select
        segment,
        count(*) as customers,
        sum(order_count) as orders,
        sum(lifetime_revenue) as revenue
    from {{ ref('customer_segments') }}
    group by segment
),

totals as (
    select sum(lifetime_revenue) as total_revenue
    from {{ ref('customer_segments') }}
)

select
    segments.segment,
    segments.segment_order,
    coalesce(per_segment.customers, 0) as customers,
    coalesce(per_segment.orders, 0) as orders,
    cast(coalesce(per_segment.revenue, 0) as decimal(18, 2)) as revenue,
    coalesce({{ pct('per_segment.revenue', 'totals.total_revenue') }}, 0) as revenue_share_pct,
    {{ to_money('per_segment.revenue / nullif(per_segment.orders, 0)') }} as avg_order_value
from segments
cross join totals
left join per_segment
    on per_segment.segment = segments.segment
