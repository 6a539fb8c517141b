-- Bronze drops nothing: each bronze table has as many rows as its raw file (the seed, or the CSV
-- under raw_data_path), and its row numbers run 1..n without gaps.

{% set entities = ['customers', 'products', 'orders', 'order_items'] %}
with counts as (
    {% for entity in entities %}
    select
        '{{ entity }}' as entity,
        (select count(*) from {{ raw_file(entity) }}) as raw_rows,
        (select count(*) from {{ ref('bronze_' ~ entity) }}) as bronze_rows,
        (select max(_row_number) from {{ ref('bronze_' ~ entity) }}) as last_row_number
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from counts
where raw_rows <> bronze_rows
   or last_row_number <> bronze_rows
