{#- The gold facts (fulfilled sales per order, and per order and product) are what every gold table
    totals: they are an order or less per row, so gold counts orders with count(*) instead of a
    count(distinct) over two million lines. With landing files each fact is an incremental table
    kept per order: a build totals again only the orders whose lines changed since the fact was
    last built (orders of lines order_lines wrote since, and of lines it replaced or dropped since,
    which it logs in mdl_removed_order_lines), after deleting their stored rows. Without landing
    files they are tables built from every line. -#}

{#- Every incremental fact here is kept per key (`column`): a build fixes the keys that changed
    since this fact was last built in a temp table (`remember_changed`; deleting their rows moves
    max(_built_at), so the set is fixed first), deletes their rows (`forget_changed`) and totals them
    again from its source (a key with nothing left stays deleted). `keys` is the query of changed
    keys. Without landing files each is a table built from everything. -#}
{% macro changed_table() -%}
  mdl_changed_{{ this.identifier }}
{%- endmacro %}

{#- When this fact was last built (the build's transaction time; long ago when it is empty). -#}
{% macro last_built() -%}
  (select coalesce(max(_built_at), cast('1900-01-01' as timestamp)) from {{ this }})
{%- endmacro %}

{% macro remember_changed(keys) -%}
  {%- if is_incremental() -%}
    create or replace temp table {{ changed_table() }} as {{ keys }}
  {%- endif -%}
{%- endmacro %}

{% macro forget_changed(column) -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where {{ column }} in (select {{ column }} from {{ changed_table() }})
  {%- endif -%}
{%- endmacro %}

{#- The rows of `source` a fact totals: all of them, or on an incremental build those of the
    changed keys. -#}
{% macro changed_rows(source, column) -%}
    select *
    from {{ source }}
  {%- if is_incremental() %}
    where {{ column }} in (select {{ column }} from {{ changed_table() }})
  {%- endif -%}
{%- endmacro %}

{#- The config of a fact kept per `column`, with the pre-hooks above. `keys` names a macro of this
    file giving the changed keys. `log_vanished` (sales_by_order): also keep the customer and month
    of every order whose row leaves the fact or changes customer or month (mdl_vanished_<fact>), for
    the per-customer and per-month facts. -#}
{% macro kept_per_key_config(column, keys, log_vanished=false) -%}
  {%- set remember = "{{ remember_changed(" ~ keys ~ ") }}" -%}
  {%- set forget = "{{ forget_changed('" ~ column ~ "') }}" -%}
  {%- set log = ["{{ create_vanished_log() }}", "{{ stash_touched_rows() }}"] if log_vanished else [] -%}
  {{- config(
      materialized=('incremental' if var('landing_path', none) else 'table'),
      incremental_strategy='append',
      pre_hook=[remember] + log + [forget],
      post_hook=(["{{ log_vanished_rows() }}"] if log_vanished else [])
  ) -}}
{%- endmacro %}

{#- The per-order facts: orders whose lines order_lines wrote since, or replaced or dropped since
    (it logs those in mdl_removed_order_lines). -#}
{% macro facts_config(log_vanished=false) -%}
  {{- kept_per_key_config('order_id', 'touched_orders()', log_vanished) -}}
{%- endmacro %}

{% macro touched_orders() -%}
    select order_id from {{ ref('order_lines') }} where _refreshed_at > {{ last_built() }}
    union
    select order_id
    from {{ removed_lines_log(ref('order_lines')) }}
    where _removed_at > {{ last_built() }}
{%- endmacro %}

{#- The orders a fact totals again leave it first; those that do not come back, or come back with
    another customer or month, are logged with the customer and month they had, so the per-customer
    and per-month facts know what to total again without comparing tables. The log is build state
    (like mdl_removed_order_lines): one row per order that vanished, not per order totalled again. -#}
{% macro vanished_log(fact=this) -%}
  {{ state_log(fact, 'vanished') }}
{%- endmacro %}

{% macro create_vanished_log() -%}
  {%- if var('landing_path', none) -%}
    create table if not exists {{ vanished_log() }} (order_id bigint, customer_id bigint, order_month date, _removed_at timestamp)
  {%- endif -%}
{%- endmacro %}

{% macro stashed_rows_table() -%}
  mdl_stashed_rows_{{ this.identifier }}
{%- endmacro %}

{% macro stash_touched_rows() -%}
  {%- if is_incremental() -%}
    create or replace temp table {{ stashed_rows_table() }} as
    select order_id, customer_id, order_month
    from {{ this }}
    where order_id in (select order_id from {{ changed_table() }})
  {%- endif -%}
{%- endmacro %}

{% macro log_vanished_rows() -%}
  {%- if is_incremental() -%}
    insert into {{ vanished_log() }}
    select stashed.order_id, stashed.customer_id, stashed.order_month, {{ checked_at() }}
    from {{ stashed_rows_table() }} as stashed
    where not exists (
        select 1
        from (select order_id, customer_id, order_month from {{ this }} where _built_at = {{ checked_at() }}) as written
        where written.order_id = stashed.order_id
            and written.customer_id = stashed.customer_id
            and written.order_month = stashed.order_month
    )
  {%- endif -%}
{%- endmacro %}

{#- The facts kept per customer or month (`column`) of sales_by_order: values in rows it wrote since
    this fact was last built, or of orders that vanished from it since. -#}
{% macro rollup_config(column) -%}
  {{- kept_per_key_config(column, "changed_in_sales_by_order('" ~ column ~ "')") -}}
{%- endmacro %}

{% macro changed_in_sales_by_order(column) -%}
    {%- set facts = ref('sales_by_order') -%}
    select {{ column }} from {{ facts }} where _built_at > {{ last_built() }}
    union
    select {{ column }} from {{ vanished_log(facts) }} where _removed_at > {{ last_built() }}
{%- endmacro %}

{#- What both facts sum over their lines, stored narrow (a sum() of DECIMAL(18,2) is DECIMAL(38,2),
    a 128-bit integer that gold then sums ~50x slower at scale 1000). -#}
{% macro fact_measures() -%}
    cast(sum(line_revenue) as decimal(18, 2)) as revenue,
    cast(sum(line_cost) as decimal(18, 2)) as cost,
    cast(sum(quantity) as bigint) as units,
    count(*) as lines
{%- endmacro %}

{#- The fulfilled lines a per-order fact totals. -#}
{% macro fact_lines() -%}
    select * from ({{ changed_rows(ref('order_lines'), 'order_id') }}) as lines where is_fulfilled
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
