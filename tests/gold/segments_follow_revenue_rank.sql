-- Segments are bands of the revenue ranking: every customer in a higher segment has at least the
-- revenue of every customer in a lower one, and the VIP, Premium and Standard bands hold the
-- configured percentages of all customers (when enough customers have revenue to fill them).

with bands as (
    select
        segment,
        case segment when 'VIP' then 1 when 'Premium' then 2 when 'Standard' then 3 else 4 end as segment_order,
        count(*) as customers,
        min(lifetime_revenue) as min_revenue,
        max(lifetime_revenue) as max_revenue
    from {{ ref('customer_segments') }}
    group by segment
),

total as (
    select
        count(*) as customers,
        count(case when lifetime_revenue > 0 then 1 end) as with_revenue
    from {{ ref('customer_segments') }}
),

expected as (
    -- floor(customers * cumulative pct / 100) customers fit in each band and those above it.
    select 1 as segment_order, {{ var('segment_vip_pct') }} as cumulative_pct
    union all select 2, {{ var('segment_vip_pct') + var('segment_premium_pct') }}
    union all select 3, {{ var('segment_vip_pct') + var('segment_premium_pct') + var('segment_standard_pct') }}
),

inverted_bands as (
    select 'revenue overlap: ' || higher.segment || ' below ' || lower_band.segment as problem
    from bands as higher
    join bands as lower_band
        on lower_band.segment_order > higher.segment_order
    where higher.min_revenue < lower_band.max_revenue
),

sizes as (
    select 'band size up to ' || cast(expected.segment_order as string) as problem
    from expected
    cross join total
    where total.with_revenue >= total.customers * expected.cumulative_pct / 100
      and (select coalesce(sum(customers), 0) from bands where bands.segment_order <= expected.segment_order)
          <> floor(total.customers * expected.cumulative_pct / 100)
)

select problem from inverted_bands
union all
select problem from sizes
