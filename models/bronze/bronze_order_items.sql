-- Bronze: every row of the raw order_items file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number. With the landing_path
-- var set it is incremental: each build appends only the landing files not ingested yet.
{{ config(alias='order_items', materialized=('incremental' if var('landing_path', none) else 'table')) }}

select
    {{ raw_columns('order_items') }},
    {{ ingestion_metadata('order_items') }}
from {{ raw_file('order_items') }}
