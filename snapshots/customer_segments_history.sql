-- History of each customer's revenue segment (SCD type 2). Each build (or `mdl snapshot`) compares
-- the segments with the current versions: a customer whose segment changed gets its current version
-- closed and a new one opened, dated by the extract's as_of_date (so the history is the same
-- whenever it is rebuilt from the same extracts). dbt_valid_to is null for the current version.
-- DuckDB only for now: Spark has no snapshot runner yet.
{% snapshot customer_segments_history %}
{{ config(
    enabled=(target.type == 'duckdb'),
    target_schema='snapshots',
    unique_key='customer_id',
    strategy='check',
    check_cols=['segment'],
    updated_at='segment_as_of',
    hard_deletes='invalidate'
) }}
select
    customer_id,
    segment,
    lifetime_revenue,
    order_count,
    cast('{{ var("as_of_date") }}' as date) as segment_as_of
from {{ ref('customer_segments') }}
{% endsnapshot %}
