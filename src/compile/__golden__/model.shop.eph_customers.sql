
select customer_id, upper(name) as name from "main"."raw_customers"
