CREATE OR REPLACE TABLE `gold`.`orders__mdl_new`
USING delta
AS
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

MERGE INTO `gold`.`orders` AS mdl_dest
USING (SELECT DISTINCT `order_id`, `order_date` FROM `gold`.`orders__mdl_new`) AS mdl_src
ON mdl_dest.`order_id` = mdl_src.`order_id` AND mdl_dest.`order_date` = mdl_src.`order_date`
WHEN MATCHED THEN DELETE;

INSERT INTO `gold`.`orders`
SELECT * FROM `gold`.`orders__mdl_new`;

DROP TABLE IF EXISTS `gold`.`orders__mdl_new`;
