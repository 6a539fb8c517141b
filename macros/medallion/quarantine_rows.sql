{#- The rejected rows of one entity for silver.quarantine: the validation model gives the reason,
    bronze gives the raw record (matched on the row number in the raw file). -#}
{% macro quarantine_rows(entity, validated, bronze, key_column) -%}
select
    '{{ entity }}:' || cast(raw._row_number as string) as quarantine_id,
    '{{ entity }}' as entity,
    checked.reject_reason as reason,
    raw.{{ key_column }} as record_key,
    {{ record_json('raw', var('raw_columns')[entity]) }} as raw_record,
    raw._source_file as source_file,
    raw._row_number as source_row_number
from {{ validated }} as checked
join {{ bronze }} as raw
    on raw._row_number = checked._row_number
where checked.reject_reason is not null
{%- endmacro %}
