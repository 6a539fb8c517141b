CREATE SCHEMA IF NOT EXISTS `gold`;

CREATE OR REPLACE VIEW `silver`.`orders_v`
AS
select order_id, order_date, customer_id, amount
from `silver`.`orders`;

DROP TABLE IF EXISTS `gold`.`orders`;

DROP VIEW IF EXISTS `silver`.`orders_v`;

ALTER TABLE `gold`.`orders` RENAME TO `gold`.`orders_old`;

ALTER VIEW `silver`.`orders_v` RENAME TO `silver`.`orders_v2`;
