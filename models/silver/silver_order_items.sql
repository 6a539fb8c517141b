-- Silver order items: one row per valid item with a positive quantity, a known order and a known
-- product.
{{ config(alias='order_items', materialized=silver_materialized(), order_by=([] if var('landing_path', none) else ['order_id', 'order_item_id'])) }}

select
    order_item_id,
    order_id,
    product_id,
    quantity,
    unit_price,
    discount,
    _checked_at
from {{ ref('validated_order_items') }}
where reject_reason is null
