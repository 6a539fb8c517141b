CREATE OR REPLACE TABLE `gold`.`orders`
USING delta
PARTITIONED BY (`order_date`)
AS
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

OPTIMIZE `gold`.`orders` ZORDER BY (`customer_id`, `order_id`);
