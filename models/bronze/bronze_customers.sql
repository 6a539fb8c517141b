-- Bronze: every row of the raw customers file exactly as read (all columns text, nothing trimmed,
-- typed or dropped), plus where and when it was ingested and its row number in the file.
{{ config(alias='customers') }}

select
    {{ raw_columns('customers') }},
    {{ ingestion_metadata('customers') }}
from {{ raw_file('customers') }}
