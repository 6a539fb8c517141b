CREATE TABLE `gold`.`orders`
USING delta
AS
select order_id, order_date, customer_id, amount
from `silver`.`orders`;
