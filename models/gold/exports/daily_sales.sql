-- Daily sales, the gold fact dashboards and other engines read: fulfilled revenue, cost, units and
-- lines per order date, product category and sales channel (totalled in gold.sales_by_day). Only additive measures, so any
-- roll-up (a month, all channels) is a sum over these rows; distinct counts of orders or customers
-- would not add up across rows and live in the gold tables instead. Written as zstd
-- Parquet files, one hive folder per month (order_month=2024-01-01/), so other engines read the
-- same data:
--   read_parquet('data/generated/exports/daily_sales/**/*.parquet', hive_partitioning = true)
-- DuckDB only for now: the Spark adapter has no external materialization yet.
{{ config(
    enabled=(target.type == 'duckdb'),
    materialized='external',
    location='data/generated/exports/daily_sales',
    format='parquet',
    partition_by=['order_month'],
    compression='zstd'
) }}
select order_date, order_month, category, channel, revenue, cost, units, lines
from {{ ref('sales_by_day') }}
