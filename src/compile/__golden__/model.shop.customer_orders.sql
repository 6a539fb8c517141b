-- one row per customer
with __mdl_ephemeral_eph_customers as (

select customer_id, upper(name) as name from "main"."raw_customers"

),
__mdl_ephemeral_eph_active as (

select * from __mdl_ephemeral_eph_customers where name is not null

),
totals as (
    select customer_id, sum(amount) as total from "main"."stg_orders" group by 1
)
select c.customer_id, c.name, t.total from __mdl_ephemeral_eph_active c left join totals t using (customer_id)
