-- Total revenue is the same to the cent in every gold table and in silver.order_lines.
-- Returns one row per figure that differs from executive_kpis.total_revenue (none when all agree).

with figures as (
    select 'executive_kpis' as figure, total_revenue as revenue from {{ ref('executive_kpis') }}
    union all
    select 'sum of monthly_revenue', sum(revenue) from {{ ref('monthly_revenue') }}
    union all
    select 'last cumulative_revenue', cumulative_revenue from {{ ref('monthly_revenue') }}
        where month = (select max(month) from {{ ref('monthly_revenue') }})
    union all
    select 'sum of customer_segments', sum(lifetime_revenue) from {{ ref('customer_segments') }}
    union all
    select 'sum of segment_summary', sum(revenue) from {{ ref('segment_summary') }}
    union all
    select 'sum of category_performance', sum(revenue) from {{ ref('category_performance') }}
    union all
    select 'sum of product_performance', sum(revenue) from {{ ref('product_performance') }}
    {%- if target.type == 'duckdb' %}
    union all
    -- The Parquet export (DuckDB only: the Spark adapter has no external materialization).
    select 'sum of daily_sales (Parquet)', sum(revenue) from {{ ref('daily_sales') }}
    {%- endif %}
    union all
    select 'fulfilled silver.order_lines', sum(line_revenue) from {{ ref('order_lines') }} where is_fulfilled
)

select
    figures.figure,
    figures.revenue,
    kpis.total_revenue as expected
from figures
cross join {{ ref('executive_kpis') }} as kpis
where figures.revenue is null
   or figures.revenue <> kpis.total_revenue
