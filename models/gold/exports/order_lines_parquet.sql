-- Order lines (the grain of every gold fact) exported as Parquet files, one hive folder per month
-- (order_month=2024-01-01/), so other engines read the same data:
--   read_parquet('data/generated/exports/order_lines/**/*.parquet', hive_partitioning = true)
-- DuckDB only for now: the Spark adapter has no external materialization yet.
{{ config(
    enabled=(target.type == 'duckdb'),
    materialized='external',
    location='data/generated/exports/order_lines',
    format='parquet',
    partition_by=['order_month'],
    compression='zstd'
) }}
select * from {{ ref('order_lines') }}
