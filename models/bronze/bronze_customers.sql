-- Bronze: every row of the raw customers file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number. With the landing_path
-- var set it is incremental: each build appends only the landing files not ingested yet.
{{ config(alias='customers', materialized=('incremental' if var('landing_path', none) else 'table')) }}

select
    {{ raw_columns('customers') }},
    {{ ingestion_metadata('customers') }}
from {{ raw_file('customers') }}
