-- Revenue shares add up to 100% (within rounding: each share is rounded to 0.01) and order counts
-- agree between executive_kpis, monthly_revenue and segment_summary.

with checks as (
    select 'segment shares' as check_name, sum(revenue_share_pct) as value, 100.0 as expected, 0.03 as tolerance
    from {{ ref('segment_summary') }}
    union all
    select 'category shares', sum(revenue_share_pct), 100.0, 0.03
    from {{ ref('category_performance') }}
    union all
    select 'orders by month', sum(orders), (select total_orders from {{ ref('executive_kpis') }}), 0
    from {{ ref('monthly_revenue') }}
    union all
    select 'orders by segment', sum(orders), (select total_orders from {{ ref('executive_kpis') }}), 0
    from {{ ref('segment_summary') }}
    union all
    select 'customers by segment', sum(customers), (select total_customers from {{ ref('executive_kpis') }}), 0
    from {{ ref('segment_summary') }}
)

select *
from checks
where value is null or abs(value - expected) > tolerance
