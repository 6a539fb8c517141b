-- KPI tiles: the executive numbers, with the data-quality headline (share of raw rows rejected).

select
    kpis.total_revenue,
    kpis.total_orders,
    kpis.avg_order_value,
    kpis.total_customers,
    kpis.active_customers,
    kpis.repeat_purchase_rate,
    kpis.avg_items_per_order,
    kpis.gross_margin_pct,
    kpis.last_month_revenue,
    kpis.last_month_growth_pct,
    quality.quarantined_rows
from {{ ref('executive_kpis') }} as kpis
cross join (select count(*) as quarantined_rows from {{ ref('quarantine') }}) as quality
