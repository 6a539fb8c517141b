-- Bronze drops nothing: each bronze table has as many rows as its raw file (the seed, or the CSV
-- under raw_data_path), and its row numbers run 1..n without gaps. With landing files, each landing
-- file's rows in bronze match the rows ingestion counted when it read that file (recorded in
-- bronze.mdl_ingested_files), so a build checks what it ingested without reading every file again.

{% set entities = ['customers', 'products', 'orders', 'order_items'] %}
with counts as (
    {% for entity in entities %}
    select
        '{{ entity }}' as entity,
        {% if var('landing_path', none) -%}
        (select sum(rows) from {{ ref('bronze_' ~ entity).schema }}.mdl_ingested_files where model = 'model.{{ project_name }}.bronze_{{ entity }}') as raw_rows,
        {%- else -%}
        (select count(*) from {{ raw_file(entity) }}) as raw_rows,
        {%- endif %}
        (select count(*) from {{ ref('bronze_' ~ entity) }}) as bronze_rows,
        {% if var('landing_path', none) -%}
        -- A landing file read again gets new row numbers after the last ones, leaving a gap: with
        -- landing files the numbers are unique (a generic test) but not gapless.
        (select count(*) from {{ ref('bronze_' ~ entity) }}) as last_row_number
        {%- else -%}
        (select max(_row_number) from {{ ref('bronze_' ~ entity) }}) as last_row_number
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from counts
where raw_rows <> bronze_rows
   or last_row_number <> bronze_rows
{%- if var('landing_path', none) %}
union all
-- Per landing file: the rows bronze holds from it against the rows ingestion counted.
select
    files.model as entity,
    files.rows as raw_rows,
    coalesce(held.rows, 0) as bronze_rows,
    null as last_row_number
from (
    {% for entity in entities %}
    select path, rows, 'bronze_{{ entity }}' as model from {{ ref('bronze_' ~ entity).schema }}.mdl_ingested_files where model = 'model.{{ project_name }}.bronze_{{ entity }}'
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
) as files
left join (
    {% for entity in entities %}
    select _source_file, 'bronze_{{ entity }}' as model, count(*) as rows from {{ ref('bronze_' ~ entity) }} group by _source_file
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
) as held
    on held._source_file = files.path and held.model = files.model
where files.rows <> coalesce(held.rows, 0)
{%- endif %}
