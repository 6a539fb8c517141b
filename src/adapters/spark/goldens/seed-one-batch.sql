CREATE OR REPLACE TABLE `raw`.`people`
USING delta
AS
SELECT
  CAST(c0 AS bigint) AS `id`,
  CAST(c1 AS string) AS `name`
FROM VALUES
  ('1', 'O\'Brien'),
  ('2', CAST(NULL AS string))
AS v(c0, c1);
