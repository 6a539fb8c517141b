-- Silver orders: one row per valid order of a known customer, dated no later than as_of_date.
-- Written sorted by order date and customer, the columns dashboards filter on.
{{ config(alias='orders', materialized=silver_materialized(), order_by=([] if var('landing_path', none) else ['order_date', 'customer_id'])) }}

select
    order_id,
    customer_id,
    ordered_at,
    cast(ordered_at as date) as order_date,
    cast(date_trunc('month', ordered_at) as date) as order_month,
    status,
    status in {{ sql_list(var('fulfilled_statuses')) }} as is_fulfilled,
    payment_method,
    channel,
    promo_code,
    _checked_at
from {{ ref('validated_orders') }}
where reject_reason is null
