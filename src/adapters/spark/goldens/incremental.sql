INSERT INTO `gold`.`orders`
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

MERGE INTO `gold`.`orders` AS target
USING (
select order_id, order_date, customer_id, amount
from `silver`.`orders`
) AS source
ON target.`order_id` = source.`order_id`
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *;

MERGE INTO `gold`.`orders` AS target
USING (
select order_id, order_date, customer_id, amount
from `silver`.`orders`
) AS source
ON target.`order_id` = source.`order_id` AND target.`order_date` = source.`order_date`
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *;

SET spark.sql.sources.partitionOverwriteMode = DYNAMIC;

INSERT OVERWRITE TABLE `gold`.`orders`
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

SET spark.sql.sources.partitionOverwriteMode = STATIC;
