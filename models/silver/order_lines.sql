-- Each valid order item with its order and product attributes, and its money:
--   line_revenue = quantity * unit_price * (1 - discount), as DECIMAL(18,2) rounded to the cent
--   per line. Revenue counts only where is_fulfilled (status shipped or delivered): every gold
--   figure sums line_revenue over fulfilled lines, so they all agree to the cent.
--   The customer is a key only: customer attributes live in silver.customers (a new version of a
--   customer, thousands per increment, would otherwise rewrite every line the customer ever bought).
--   With landing files it is incremental: a build rewrites only the lines of items checked again,
--   and the lines of orders and products checked again (their attributes may have changed; see
--   lines_to_refresh in macros/medallion/incremental_checks.sql). The stored lines of
--   items checked again, rejected or gone since are logged in silver.mdl_removed_order_lines (an
--   item may have moved to another order; the gold facts total both orders again) and deleted.
{% if var('landing_path', none) %}-- depends_on: {{ ref('validated_order_items') }}{% endif %}
{{ config(
    materialized=('incremental' if var('landing_path', none) else 'table'),
    unique_key='order_item_id',
    incremental_strategy='delete+insert',
    order_by=([] if var('landing_path', none) else ['order_date', 'customer_id']),
    pre_hook=(["{{ create_removed_lines_log() }}", "{{ log_outgoing_lines() }}", "{{ delete_outgoing_lines() }}"] if var('landing_path', none) else [])
) }}

select
    items.order_item_id,
    items.order_id,
    orders.ordered_at,
    orders.order_date,
    orders.order_month,
    orders.status as order_status,
    orders.is_fulfilled,
    orders.channel,
    orders.promo_code,
    orders.customer_id,
    items.product_id,
    products.product_name,
    products.category,
    products.brand,
    items.quantity,
    items.unit_price,
    items.discount,
    products.unit_cost,
    {{ to_money('items.quantity * items.unit_price') }} as line_gross,
    {{ to_money('items.quantity * items.unit_price * (1 - items.discount)') }} as line_revenue,
    {{ to_money('items.quantity * products.unit_cost') }} as line_cost,
    {{ checked_at() }} as _refreshed_at
{%- if is_incremental() %}
from (select * from {{ ref('silver_order_items') }} where order_item_id in ({{ lines_to_refresh() }})) as items
{%- else %}
from {{ ref('silver_order_items') }} as items
{%- endif %}
join {{ ref('silver_orders') }} as orders
    on orders.order_id = items.order_id
join {{ ref('silver_products') }} as products
    on products.product_id = items.product_id
