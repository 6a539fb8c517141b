-- Every rejected raw row, with the entity it belongs to, why it was rejected, and the raw record as
-- it arrived (JSON of the bronze columns). For each entity, bronze rows = silver rows + quarantined
-- rows: a data test checks it.

{{ quarantine_rows('customers', ref('validated_customers'), ref('bronze_customers'), 'customer_id') }}
union all
{{ quarantine_rows('products', ref('validated_products'), ref('bronze_products'), 'product_id') }}
union all
{{ quarantine_rows('orders', ref('validated_orders'), ref('bronze_orders'), 'order_id') }}
union all
{{ quarantine_rows('order_items', ref('validated_order_items'), ref('bronze_order_items'), 'order_item_id') }}
