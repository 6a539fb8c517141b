select * from "gold"."customer_orders" where total < 0
