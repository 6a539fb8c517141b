-- Fulfilled sales per order: one row per order with at least one fulfilled line, with its customer,
-- date, revenue, cost, units and line count. sales_by_customer, sales_by_month and executive_kpis
-- total these rows. With landing files only the orders whose lines changed are totalled again, and
-- orders that leave it (or change customer or month) are logged for the per-customer and per-month
-- facts (see macros/medallion/incremental_facts.sql).
{{ facts_config(log_vanished=true) }}

select
    order_id,
    customer_id,
    order_date,
    order_month,
    {{ fact_measures() }},
    {{ checked_at() }} as _built_at
from ({{ fact_lines() }}) as lines
group by order_id, customer_id, order_date, order_month
