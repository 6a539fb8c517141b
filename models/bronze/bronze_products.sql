-- Bronze: every row of the raw products file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number. With the landing_path
-- var set it is incremental: each build appends only the landing files not ingested yet.
{{ config(alias='products', materialized=('incremental' if var('landing_path', none) else 'table')) }}

select
    {{ raw_columns('products') }},
    {{ ingestion_metadata('products') }}
from {{ raw_file('products') }}
