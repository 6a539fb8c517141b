{#- The gold facts (fulfilled sales per order, and per order and product) are what every gold table
    totals: they are an order or less per row, so gold counts orders with count(*) instead of a
    count(distinct) over two million lines. With landing files each fact is an incremental table
    kept per order: a build totals again only the orders whose lines changed since the fact was
    last built (orders of lines order_lines wrote since, and of lines it replaced or dropped since,
    which it logs in mdl_removed_order_lines), after deleting their stored rows. Without landing
    files they are tables built from every line. -#}

{% macro facts_config() -%}
  {{- config(
      materialized=('incremental' if var('landing_path', none) else 'table'),
      incremental_strategy='append',
      pre_hook=["{{ remember_touched_orders() }}", "{{ forget_touched_orders() }}"]
  ) -}}
{%- endmacro %}

{#- Orders whose lines changed since this fact was last built, kept for this build in a temp table
    (deleting their rows moves max(_built_at), so the set is fixed before the delete). -#}
{% macro touched_orders_table() -%}
  mdl_touched_orders_{{ this.identifier }}
{%- endmacro %}

{% macro remember_touched_orders() -%}
  {%- if is_incremental() -%}
    {%- set built = '(select coalesce(max(_built_at), cast(\'1900-01-01\' as timestamp)) from ' ~ this ~ ')' -%}
    create or replace temp table {{ touched_orders_table() }} as
    select order_id from {{ ref('order_lines') }} where _refreshed_at > {{ built }}
    union
    select order_id
    from {{ removed_lines_log(ref('order_lines')) }}
    where _removed_at > {{ built }}
  {%- endif -%}
{%- endmacro %}

{% macro forget_touched_orders() -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where order_id in (select order_id from {{ touched_orders_table() }})
  {%- endif -%}
{%- endmacro %}

{#- What both facts sum over their lines, stored narrow (a sum() of DECIMAL(18,2) is DECIMAL(38,2),
    a 128-bit integer that gold then sums ~50x slower at scale 1000). -#}
{% macro fact_measures() -%}
    cast(sum(line_revenue) as decimal(18, 2)) as revenue,
    cast(sum(line_cost) as decimal(18, 2)) as cost,
    cast(sum(quantity) as bigint) as units,
    count(*) as lines
{%- endmacro %}

{#- The fulfilled lines a fact totals: all of them, or on an incremental build those of touched orders. -#}
{% macro fact_lines() -%}
    select *
    from {{ ref('order_lines') }}
    where is_fulfilled
  {%- if is_incremental() %}
        and order_id in (select order_id from {{ touched_orders_table() }})
  {%- endif -%}
{%- endmacro %}

{#- Orders whose lines the latest build of order_lines wrote or removed (the removed lines are logged
    in its transaction, so at its _refreshed_at or later when it wrote none): the orders the facts
    totalled again in that build, the parent changes of a scoped relationship between the facts. -#}
{% macro orders_of_latest_lines() -%}
  {%- if var('landing_path', none) -%}
    {%- set lines = ref('order_lines') -%}
    {%- set latest = '(select max(_refreshed_at) from ' ~ lines ~ ')' -%}
    select order_id from {{ lines }} where _refreshed_at = {{ latest }}
    union all
    select order_id from {{ removed_lines_log(lines) }} where _removed_at >= {{ latest }}
  {%- endif -%}
{%- endmacro %}
