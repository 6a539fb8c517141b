-- Every rejected raw row, with the entity it belongs to, why it was rejected, and the raw record as
-- it arrived (JSON of the bronze columns). For each entity, bronze rows = silver rows + quarantined
-- rows: a data test checks it. With landing files it is incremental: a build replaces only the rows
-- of verdicts decided since its newest one (see macros/medallion/quarantine_rows.sql).
{{ config(
    materialized=('incremental' if var('landing_path', none) else 'table'),
    unique_key='quarantine_id',
    incremental_strategy='delete+insert',
    pre_hook=("{{ forget_redecided_quarantine({'customers': 'validated_customers', 'products': 'validated_products', 'orders': 'validated_orders', 'order_items': 'validated_order_items'}) }}" if var('landing_path', none) else [])
) }}

{{ quarantine_rows('customers', ref('validated_customers'), ref('bronze_customers'), 'customer_id') }}
union all
{{ quarantine_rows('products', ref('validated_products'), ref('bronze_products'), 'product_id') }}
union all
{{ quarantine_rows('orders', ref('validated_orders'), ref('bronze_orders'), 'order_id') }}
union all
{{ quarantine_rows('order_items', ref('validated_order_items'), ref('bronze_order_items'), 'order_item_id') }}
