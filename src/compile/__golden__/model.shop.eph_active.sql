
with __mdl_ephemeral_eph_customers as (

select customer_id, upper(name) as name from "main"."raw_customers"

)
select * from __mdl_ephemeral_eph_customers where name is not null
