-- Fulfilled sales per order and product: revenue, cost, units, lines and the sum of their discounts,
-- and whether the row is the first of its order in its category (so a category's orders are a count
-- of flagged rows). product_performance and category_performance total these rows. With landing
-- files only the orders whose lines changed are totalled again (see
-- macros/medallion/incremental_facts.sql).
{{ facts_config() }}

select
    order_id,
    product_id,
    category,
    {{ fact_measures() }},
    cast(sum(discount) as decimal(18, 4)) as discount_total,
    row_number() over (partition by order_id, category order by product_id) = 1 as first_in_category,
    {{ checked_at() }} as _built_at
from ({{ fact_lines() }}) as lines
group by order_id, product_id, category
