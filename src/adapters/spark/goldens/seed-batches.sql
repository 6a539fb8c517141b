CREATE OR REPLACE TABLE `raw`.`ids__mdl_seed_load` USING delta AS SELECT * FROM VALUES
  ('1')
AS v(c0);

INSERT INTO `raw`.`ids__mdl_seed_load` SELECT * FROM VALUES
  ('2')
AS v(c0);

INSERT INTO `raw`.`ids__mdl_seed_load` SELECT * FROM VALUES
  ('3')
AS v(c0);

CREATE OR REPLACE TABLE `raw`.`ids`
USING delta
AS
SELECT
  CAST(c0 AS bigint) AS `id`
FROM `raw`.`ids__mdl_seed_load`;

DROP TABLE IF EXISTS `raw`.`ids__mdl_seed_load`;
