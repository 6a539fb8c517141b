select order_id, customer_id, (amount_cents / 100)::decimal(12, 2) as amount, status
from "landing"."raw_orders_v2"
where amount_cents >= 0
