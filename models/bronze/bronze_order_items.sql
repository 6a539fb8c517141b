-- Bronze: every row of the raw order_items file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number in the file.
{{ config(alias='order_items') }}

select
    {{ raw_columns('order_items') }},
    {{ ingestion_metadata('order_items') }}
from {{ raw_file('order_items') }}
