
select order_id
from "main"."stg_orders"
where order_id is null
