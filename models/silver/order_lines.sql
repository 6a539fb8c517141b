-- Each valid order item with its order, customer and product attributes, and its money:
--   line_revenue = quantity * unit_price * (1 - discount), as DECIMAL(18,2) rounded to the cent
--   per line. Revenue counts only where is_fulfilled (status shipped or delivered): every gold
--   figure sums line_revenue over fulfilled lines, so they all agree to the cent.
{{ config(order_by=['order_date', 'customer_id']) }}

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
    customers.country as customer_country,
    customers.age_band as customer_age_band,
    customers.marketing_segment as customer_marketing_segment,
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
    {{ to_money('items.quantity * products.unit_cost') }} as line_cost
from {{ ref('silver_order_items') }} as items
join {{ ref('silver_orders') }} as orders
    on orders.order_id = items.order_id
join {{ ref('silver_customers') }} as customers
    on customers.customer_id = orders.customer_id
join {{ ref('silver_products') }} as products
    on products.product_id = items.product_id
