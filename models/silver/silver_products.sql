-- Silver products: one row per valid product with its canonical category name.
{{ config(alias='products', materialized=silver_materialized()) }}

select
    product_id,
    product_name,
    category,
    brand,
    unit_cost,
    list_price,
    _checked_at
from {{ ref('validated_products') }}
where reject_reason is null
