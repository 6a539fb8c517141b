-- line_revenue is quantity * unit_price * (1 - discount) rounded to the cent: the exact product
-- differs from it by at most half a cent, and it is never negative. A line's own values decide
-- it, so with landing files only the lines the latest build wrote are checked (older ones were
-- checked by the build that wrote them; a first or full build writes every line).

select
    order_item_id,
    quantity,
    unit_price,
    discount,
    line_revenue
from {{ ref('order_lines') }}
where (abs(line_revenue - quantity * unit_price * (1 - discount)) > 0.005
   or line_revenue < 0)
{%- if var('landing_path', none) %}
  and {{ written_by_latest_build(ref('order_lines'), '_refreshed_at') }}
{%- endif %}
