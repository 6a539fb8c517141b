-- Revenue trend: monthly revenue with its growth, the running total, and the same month a year
-- earlier, for a line chart with a year-over-year comparison.

select
    current_month.month,
    current_month.revenue,
    current_month.orders,
    current_month.avg_order_value,
    current_month.mom_growth_pct,
    current_month.cumulative_revenue,
    previous_year.revenue as revenue_year_before,
    {{ pct('current_month.revenue - previous_year.revenue', 'previous_year.revenue') }} as yoy_growth_pct
from {{ ref('monthly_revenue') }} as current_month
left join {{ ref('monthly_revenue') }} as previous_year
    on previous_year.month = cast(current_month.month - interval '1' year as date)
order by current_month.month
