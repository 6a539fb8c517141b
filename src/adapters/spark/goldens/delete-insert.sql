CREATE OR REPLACE TABLE `gold`.`orders__mdl_new`
USING delta
AS
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

MERGE INTO `gold`.`orders` AS DBT_INTERNAL_DEST
USING (SELECT DISTINCT `order_id`, `order_date` FROM `gold`.`orders__mdl_new`) AS DBT_INTERNAL_SOURCE
ON DBT_INTERNAL_DEST.`order_id` = DBT_INTERNAL_SOURCE.`order_id` AND DBT_INTERNAL_DEST.`order_date` = DBT_INTERNAL_SOURCE.`order_date`
WHEN MATCHED THEN DELETE;

MERGE INTO `gold`.`orders` AS DBT_INTERNAL_DEST
USING (SELECT DISTINCT `order_id` FROM `gold`.`orders__mdl_new`) AS DBT_INTERNAL_SOURCE
ON DBT_INTERNAL_DEST.`order_id` = DBT_INTERNAL_SOURCE.`order_id` AND (DBT_INTERNAL_DEST.order_date > '2024-01-01')
WHEN MATCHED THEN DELETE;

INSERT INTO `gold`.`orders`
SELECT * FROM `gold`.`orders__mdl_new`;

DROP TABLE IF EXISTS `gold`.`orders__mdl_new`;
