{#- Validation with landing files keeps its verdicts. Each validation model is then an incremental
    table (one row per bronze row: its cleaned, typed values, reject_reason and _checked_at), and a
    build checks again only the rows whose verdict can change:
      - rows ingested since the last check (bronze._ingested_at after the newest one checked);
      - checked rows that share a key with a new row (which version wins may change);
      - checked rows rejected for a reason a later build can lift (recheck_reasons: a future date
        once as_of_date moves on, an unknown parent once it arrives);
      - checked rows named by `also_keys` (a query of keys: items of orders checked again, accepted
        items whose order is no longer in silver).
    Verdicts are merged by _row_number. Without landing files the model is ephemeral and checks every
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
    A landing file read again (bronze deleted its rows and ingested it anew): remember the keys of
    its earlier rows, whose versions elsewhere may now win, then forget those verdicts. -#}
{% macro reingested_files(bronze) -%}
    select distinct _source_file
    from {{ bronze }}
    where _ingested_at > (select max(_ingested_at) from {{ this }})
{%- endmacro %}

{% macro remember_reingested(bronze, key_column) -%}
  {%- if is_incremental() -%}
    create or replace temp table mdl_forgotten_{{ key_column }} as
    select distinct {{ key_column }} from {{ this }} where _source_file in ({{ reingested_files(bronze) }})
  {%- endif -%}
{%- endmacro %}

{% macro forget_reingested(bronze) -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where _source_file in ({{ reingested_files(bronze) }})
  {%- endif -%}
{%- endmacro %}

{#- The bronze rows to check: all of them, or those ingested since the newest one checked. -#}
{% macro unchecked_rows_only() -%}
  {%- if is_incremental() %}
    where _ingested_at > (select coalesce(max(_ingested_at), cast('1900-01-01' as timestamp)) from {{ this }})
  {%- endif -%}
{%- endmacro %}

{#- The rows a validation model decides on: the new rows of `typed`, and on an incremental build the
    stored rows whose verdict can change (see the top of this file). `columns` are typed's columns. -#}
{% macro rows_to_check(columns, key_column, recheck_reasons=[], also_keys=none) -%}
    select {{ columns | join(', ') }}
    from typed
  {%- if is_incremental() %}
    union all
    select {{ columns | join(', ') }}
    from {{ this }}
    where {{ key_column }} in (
        select {{ key_column }} from typed
        union
        select {{ key_column }} from mdl_forgotten_{{ key_column }}
        {%- if recheck_reasons %}
        union
        select {{ key_column }} from {{ this }} where reject_reason in {{ sql_list(recheck_reasons) }}
        {%- endif %}
        {%- if also_keys %}
        union
        {{ also_keys }}
        {%- endif %}
    )
  {%- endif -%}
{%- endmacro %}

{#- Keys of `child_relation` (rows of this model) whose parent was checked again after this model's
    last check: `parent_key` in rows of `parent_checks` with a newer _checked_at. -#}
{% macro children_of_rechecked(child_key, parent_key, parent_checks) -%}
    select {{ child_key }}
    from {{ this }}
    where {{ parent_key }} in (
        select {{ parent_key }}
        from {{ parent_checks }}
        where _checked_at > (select max(_checked_at) from {{ this }})
    )
{%- endmacro %}

{#- Keys of accepted rows of this model whose parent is no longer in silver (it was rejected since, or
    its landing file was read again without it). -#}
{% macro orphans(child_key, parent_key, parent_relation) -%}
    select child.{{ child_key }}
    from {{ this }} as child
    where child.reject_reason is null
        and not exists (select 1 from {{ parent_relation }} as parent where parent.{{ parent_key }} = child.{{ parent_key }})
{%- endmacro %}

{#- When the verdicts were decided (the build's transaction time). -#}
{% macro checked_at() -%}
  cast(current_timestamp as timestamp)
{%- endmacro %}

{#- order_lines with landing files: the accepted items checked after the newest stored line. An item
    is checked again whenever it, its order or its product is, and an order whenever its customer is,
    so these are all the lines that may differ from the stored ones. -#}
{% macro lines_to_refresh() -%}
    select order_item_id
    from {{ ref('validated_order_items') }}
    where _checked_at > (select max(_refreshed_at) from {{ this }}) and reject_reason is null
{%- endmacro %}

{#- Before order_lines takes its new lines: drop the lines of items rejected since the newest one
    (an item superseded by a newer version, or whose order left silver), and of items no longer in
    silver at all (their landing file was read again without them). -#}
{% macro forget_rejected_lines() -%}
  {%- if is_incremental() -%}
    delete from {{ this }} as line
    where line.order_item_id in (
        select order_item_id
        from {{ ref('validated_order_items') }}
        where _checked_at > (select max(_refreshed_at) from {{ this }}) and reject_reason is not null
    )
    or not exists (select 1 from {{ ref('silver_order_items') }} as item where item.order_item_id = line.order_item_id)
  {%- endif -%}
{%- endmacro %}

{#- The config of a validation model: `alias` is its table with landing files, `bronze` the bronze
    model it checks, `key_column` the entity's key. -#}
{% macro checks_config(alias, bronze, key_column) -%}
  {%- set remember = "{{ remember_reingested(ref('" ~ bronze ~ "'), '" ~ key_column ~ "') }}" -%}
  {%- set forget = "{{ forget_reingested(ref('" ~ bronze ~ "')) }}" -%}
  {{- config(materialized=checks_materialized(), alias=alias, unique_key='_row_number', pre_hook=[remember, forget]) -}}
{%- endmacro %}
