-- Bronze: every row of the raw orders file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number in the file.
{{ config(alias='orders') }}

select
    {{ raw_columns('orders') }},
    {{ ingestion_metadata('orders') }}
from {{ raw_file('orders') }}
