
with all_values as (
    select status as value_field, count(*) as n_records
    from (select * from "main"."stg_orders" where status <> 'x') as dbt_subquery
    group by status
)
select *
from all_values
where value_field not in (1,2)
