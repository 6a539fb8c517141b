-- line_revenue is quantity * unit_price * (1 - discount) rounded to the cent: the exact product
-- differs from it by at most half a cent, and it is never negative.

select
    order_item_id,
    quantity,
    unit_price,
    discount,
    line_revenue
from {{ ref('order_lines') }}
where abs(line_revenue - quantity * unit_price * (1 - discount)) > 0.005
   or line_revenue < 0
