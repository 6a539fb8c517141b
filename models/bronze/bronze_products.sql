-- Bronze: every row of the raw products file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number in the file.
{{ config(alias='products') }}

select
    {{ raw_columns('products') }},
    {{ ingestion_metadata('products') }}
from {{ raw_file('products') }}
