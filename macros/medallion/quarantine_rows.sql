{#- The rejected rows of one entity for silver.quarantine: the validation model gives the reason,
    bronze gives the raw record (matched on the row number in the raw file). On an incremental
    build (landing files) only verdicts decided since the quarantine's newest one are read. -#}
{% macro quarantine_rows(entity, validated, bronze, key_column) -%}
select
    '{{ entity }}:' || cast(raw._row_number as string) as quarantine_id,
    '{{ entity }}' as entity,
    checked.reject_reason as reason,
    raw.{{ key_column }} as record_key,
    {{ record_json('raw', var('raw_columns')[entity]) }} as raw_record,
    raw._source_file as source_file,
    raw._row_number as source_row_number,
    checked._checked_at
from {{ validated }} as checked
join {{ bronze }} as raw
    on raw._row_number = checked._row_number
where checked.reject_reason is not null
{%- if is_incremental() %}
    and checked._checked_at > {{ newest_quarantine_verdict() }}
{%- endif %}
{%- endmacro %}

{#- With landing files the quarantine is incremental: before a build adds the rows of verdicts
    decided since its newest one, it deletes its rows of those same bronze rows (the verdict may now
    be an acceptance) and its rows from landing files read again (bronze gave those rows new
    numbers). -#}
{% macro newest_quarantine_verdict() -%}
    (select coalesce(max(_checked_at), cast('1900-01-01' as timestamp)) from {{ this }})
{%- endmacro %}

{% macro forget_redecided_quarantine(entities) -%}
  {%- if is_incremental() -%}
    delete from {{ this }}
    where quarantine_id in (
    {%- for entity, validated in entities %}
        select '{{ entity }}:' || cast(_row_number as string) from {{ ref(validated) }} where _checked_at > {{ newest_quarantine_verdict() }}
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
    )
    or source_file in (
    {%- for entity, validated in entities %}
        select _source_file from {{ ref('bronze_' ~ entity) }} where _ingested_at > {{ newest_quarantine_verdict() }}
        {%- if not loop.last %} union{% endif %}
    {%- endfor %}
    )
  {%- endif -%}
{%- endmacro %}
