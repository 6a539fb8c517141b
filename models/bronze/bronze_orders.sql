-- Bronze: every row of the raw orders file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number. With the landing_path
-- var set it is incremental: each build appends only the landing files not ingested yet.
{{ config(alias='orders', materialized=('incremental' if var('landing_path', none) else 'table')) }}

select
    {{ raw_columns('orders') }},
    {{ ingestion_metadata('orders') }}
from {{ raw_file('orders') }}
