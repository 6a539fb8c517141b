{#- Validation with landing files keeps its verdicts. Each validation model is then an incremental
    table (one row per bronze row: its cleaned, typed values, reject_reason and _checked_at), and a
    build checks again only the rows whose verdict can change:
      - rows ingested since the last check (bronze._ingested_at after the newest one checked);
      - checked rows that share a key with a new row (which version wins may change);
      - checked rows rejected for a reason a later build can lift without the row's parent being
        checked again (recheck_when, a condition on the stored row: a future date that as_of_date
        has now reached; one still in the future keeps its verdict);
      - checked rows named by `also_keys` (a query of keys): the children of parents checked again
        whose acceptance changed, so an unknown parent that arrives, or a parent rejected since,
        reaches them (children_of_rechecked); and the children of parents whose landing file was
        read again (from the parent's log of forgotten keys).
    Verdicts replace the stored ones by _row_number with delete+insert: DuckDB's MERGE updates every
    column of every matched row, and 70,000 verdicts into the scale-1000 ledger took 2.1 s merged
    against 0.3 s deleted and inserted. Without landing files the model is ephemeral and checks every
    bronze row on every build; the checks themselves are the same SQL either way. -#}

{#- The materialization of a validation model: incremental with landing files, inlined otherwise. -#}
{% macro checks_materialized() -%}
  {{- 'incremental' if var('landing_path', none) else 'ephemeral' -}}
{%- endmacro %}

{#- The materialization of a silver table that is a filter of its validation model: a view over the
    stored verdicts with landing files, a table otherwise. -#}
{% macro silver_materialized() -%}
  {{- 'view' if var('landing_path', none) else 'table' -}}
{%- endmacro %}

{#- Pre-hooks (rendered when the model runs, so is_incremental() is known; empty on a full build).
    A landing file read again (bronze deleted its rows and ingested it anew): log the keys of its
    earlier rows, whose versions elsewhere may now win or which may be gone, then forget those
    verdicts. The log (`mdl_forgotten_<table>`, build state like bronze.mdl_ingested_files) keeps
    every forgotten key with the build that forgot it, so models downstream find the rows of
    vanished parents without comparing whole tables. -#}
{% macro reingested_files(bronze) -%}
    select distinct _source_file
    from {{ bronze }}
    where _ingested_at > (select max(_ingested_at) from {{ this }})
{%- endmacro %}

{#- The build-state table `mdl_<kind>_<table>` kept beside `relation` (a ref() or this). -#}
{% macro state_log(relation, kind) -%}
  {{ adapter.quote(relation.schema) }}.{{ adapter.quote('mdl_' ~ kind ~ '_' ~ relation.identifier) }}
{%- endmacro %}

{#- The log of keys forgotten by a validation model (`ledger`: its ref(), or this). -#}
{% macro forgotten_log(ledger) -%}
  {{ state_log(ledger, 'forgotten') }}
{%- endmacro %}

{% macro create_forgotten_log(key_column) -%}
    create table if not exists {{ forgotten_log(this) }} ({{ key_column }} bigint, _forgotten_at timestamp)
{%- endmacro %}

{% macro remember_reingested(bronze, key_column) -%}
  {%- if is_incremental() -%}
    insert into {{ forgotten_log(this) }}
    select distinct {{ key_column }}, {{ checked_at() }} from {{ this }} where _source_file in ({{ reingested_files(bronze) }})
  {%- endif -%}
{%- endmacro %}

{% macro forget_reingested(bronze) -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where _source_file in ({{ reingested_files(bronze) }})
  {%- endif -%}
{%- endmacro %}

{#- Keys this validation model forgot in this build (its pre-hook and body share the transaction time). -#}
{% macro forgotten_now(key_column) -%}
    select {{ key_column }} from {{ forgotten_log(this) }} where _forgotten_at = {{ checked_at() }}
{%- endmacro %}

{#- Keys that validation model `ledger` forgot after `since` (a timestamp expression). -#}
{% macro forgotten_since(ledger, key_column, since) -%}
    select {{ key_column }} from {{ forgotten_log(ledger) }} where _forgotten_at > {{ since }}
{%- endmacro %}

{#- The bronze rows to check: all of them, or those ingested since the newest one checked. -#}
{% macro unchecked_rows_only() -%}
  {%- if is_incremental() %}
    where _ingested_at > (select coalesce(max(_ingested_at), cast('1900-01-01' as timestamp)) from {{ this }})
  {%- endif -%}
{%- endmacro %}

{#- The rows a validation model decides on: the new rows of `typed`, and on an incremental build the
    stored rows whose verdict can change (see the top of this file). `columns` are typed's columns. -#}
{% macro rows_to_check(columns, key_column, recheck_when=none, also_keys=none) -%}
    select {{ columns | join(', ') }}
    from typed
  {%- if is_incremental() %}
    union all
    select {{ columns | join(', ') }}
    from {{ this }}
    where {{ key_column }} in (
        select {{ key_column }} from typed
        union
        {{ forgotten_now(key_column) }}
        {%- if recheck_when %}
        union
        select {{ key_column }} from {{ this }} where {{ recheck_when }}
        {%- endif %}
        {%- if also_keys %}
        union
        {{ also_keys }}
        {%- endif %}
    )
  {%- endif -%}
{%- endmacro %}

{#- Keys of rows of this model whose verdict a parent checked again after this model's last check
    changes: `parent_key` in rows of `parent_checks` (the parent validation model) with a newer
    _checked_at, where the parent's acceptance now (its key in `accepted_parents`, the silver table
    of accepted parents) differs from what the row's verdict took it to be. A row rejected as
    `unknown_reason` took the parent to be missing; an accepted row, or one rejected for a check that
    runs after the parent's (`later_reasons`), took it to be there; a row rejected before the parent
    check does not depend on it. A parent checked again and accepted again (most are: a new version
    of a customer) changes no verdict; order_lines refreshes the order and product attributes it
    copies on its own (lines_to_refresh). -#}
{% macro children_of_rechecked(child_key, parent_key, parent_checks, accepted_parents, unknown_reason, later_reasons=[]) -%}
    {#- The acceptance is looked up for the parents checked again only: `x in (select ... from
        accepted_parents)` builds a hash table of every accepted parent (1,000,000 orders at scale
        1000: ~100 ms per lookup, two per parent) to answer for a few thousand children. -#}
    select {{ child_key }} from (
    with rechecked_parents as (
        select {{ parent_key }}
        from {{ parent_checks }}
        where _checked_at > (select max(_checked_at) from {{ this }})
    ),
    accepted_now as (
        select {{ parent_key }}
        from {{ accepted_parents }}
        where {{ parent_key }} in (select {{ parent_key }} from rechecked_parents)
    )
    select {{ child_key }}
    from {{ this }}
    where {{ parent_key }} in (select {{ parent_key }} from rechecked_parents)
        and (
            (reject_reason = '{{ unknown_reason }}'
                and {{ parent_key }} in (select {{ parent_key }} from accepted_now))
            or ((reject_reason is null{% for reason in later_reasons %} or reject_reason = '{{ reason }}'{% endfor %})
                and {{ parent_key }} not in (select {{ parent_key }} from accepted_now))
        )
    ) as children_of_rechecked
{%- endmacro %}

{#- Keys of rows of this model whose parent vanished from silver after this model's last check: the
    parent's landing file was read again without it (a parent rejected since was checked again, which
    children_of_rechecked covers). `parent_checks` is the parent validation model (its ref()). -#}
{% macro children_of_forgotten(child_key, parent_key, parent_checks) -%}
    select {{ child_key }}
    from {{ this }}
    where {{ parent_key }} in ({{ forgotten_since(parent_checks, parent_key, '(select max(_checked_at) from ' ~ this ~ ')') }})
{%- endmacro %}

{#- When the verdicts were decided (the build's transaction time). -#}
{% macro checked_at() -%}
  cast(current_timestamp as timestamp)
{%- endmacro %}

{#- order_lines with landing files: the lines to write again. Items checked after the newest stored
    line and accepted (new items, new versions, items whose order or product was accepted again
    after a rejection), and the stored lines whose order or product was checked again and accepted
    since (a new version of an order or product changes the attributes its lines copy, without
    changing any item's verdict). Lines copy no customer attributes, so a new version of a customer
    rewrites none. Lines whose item was rejected or forgotten since are dropped before
    (log_outgoing_lines). -#}
{% macro lines_to_refresh() -%}
    {%- set since = '(select max(_refreshed_at) from ' ~ this ~ ')' -%}
    select order_item_id
    from {{ ref('validated_order_items') }}
    where _checked_at > {{ since }} and reject_reason is null
    union
    select order_item_id from {{ this }}
    where order_id in (select order_id from {{ ref('validated_orders') }} where _checked_at > {{ since }} and reject_reason is null)
        or product_id in (select product_id from {{ ref('validated_products') }} where _checked_at > {{ since }} and reject_reason is null)
{%- endmacro %}

{#- Before order_lines takes its new lines, every stored line that changes or goes is logged in
    `mdl_removed_order_lines` (with its order, so gold facts know which orders to total again) and
    deleted: lines of items checked again (a new version follows), of items rejected since (an item
    superseded by a newer version, or whose order left silver), and of items forgotten since (their
    landing file was read again; those still in it were checked again and come back). -#}
{% macro removed_lines_log(lines=this) -%}
  {{ state_log(lines, 'removed') }}
{%- endmacro %}

{% macro create_removed_lines_log() -%}
    create table if not exists {{ removed_lines_log() }} (order_item_id bigint, order_id bigint, _removed_at timestamp)
{%- endmacro %}

{% macro log_outgoing_lines() -%}
  {%- if is_incremental() -%}
    insert into {{ removed_lines_log() }}
    select order_item_id, order_id, {{ checked_at() }}
    from {{ this }}
    where order_item_id in (
        select order_item_id
        from {{ ref('validated_order_items') }}
        where _checked_at > (select max(_refreshed_at) from {{ this }})
        union
        {{ forgotten_since(ref('validated_order_items'), 'order_item_id', '(select max(_refreshed_at) from ' ~ this ~ ')') }}
    )
  {%- endif -%}
{%- endmacro %}

{% macro delete_outgoing_lines() -%}
  {%- if is_incremental() -%}
    delete from {{ this }}
    where order_item_id in (select order_item_id from {{ removed_lines_log() }} where _removed_at = {{ checked_at() }})
  {%- endif -%}
{%- endmacro %}

{#- The config of a validation model: `alias` is its table with landing files, `bronze` the bronze
    model it checks, `key_column` the entity's key. -#}
{% macro checks_config(alias, bronze, key_column) -%}
  {%- set create_log = "{{ create_forgotten_log('" ~ key_column ~ "') }}" -%}
  {%- set remember = "{{ remember_reingested(ref('" ~ bronze ~ "'), '" ~ key_column ~ "') }}" -%}
  {%- set forget = "{{ forget_reingested(ref('" ~ bronze ~ "')) }}" -%}
  {{- config(materialized=checks_materialized(), alias=alias, unique_key='_row_number', incremental_strategy='delete+insert', pre_hook=[create_log, remember, forget]) -}}
{%- endmacro %}
