-- Row checks for products: every bronze row, cleaned and typed, with the reason it is rejected
-- (NULL when accepted). Category spellings that differ only in case or surrounding spaces
-- (' electronics', 'ELECTRONICS') are one category, named by its most frequent spelling.
-- With landing files the verdicts are stored; when new product rows arrive every product is decided
-- again (a new spelling can change a category's name, and there are few products).
{{ checks_config('product_checks', 'bronze_products', 'product_id') }}
{% set typed_columns = ['_row_number', '_source_file', '_ingested_at', '_file_order', 'product_key', 'product_id',
    'product_name', 'category_text', 'category_key', 'brand', 'unit_cost', 'list_price'] %}

with typed as (
    select
        _row_number,
        _source_file,
        _ingested_at,
        -- Files in the order they were ingested: a later file holds later versions of its records.
        min(_row_number) over (partition by _source_file) as _file_order,
        {{ clean_text('product_id') }} as product_key,
        try_cast({{ clean_text('product_id') }} as bigint) as product_id,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('category') }} as category_text,
        lower({{ clean_text('category') }}) as category_key,
        {{ clean_text('brand') }} as brand,
        try_cast({{ clean_text('cost') }} as decimal(18, 2)) as unit_cost,
        try_cast({{ clean_text('list_price') }} as decimal(18, 2)) as list_price
    from {{ ref('bronze_products') }}
    {{- unchecked_rows_only() }}
),

candidates as (
    select {{ typed_columns | join(', ') }} from typed
    {%- if is_incremental() %}
    union all
    select {{ typed_columns | join(', ') }} from {{ this }}
    where exists (select 1 from typed) or exists ({{ forgotten_now('product_id') }})
    {%- endif %}
),

spellings as (
    select
        category_key,
        category_text,
        row_number() over (partition by category_key order by count(*) desc, category_text) as popularity
    from candidates
    where category_key is not null
    group by category_key, category_text
),

checked as (
    select
        candidates.*,
        spellings.category_text as category,
        case
            when candidates.product_key is null then 'missing_key'
            when candidates.product_id is null or candidates.product_name is null or candidates.category_key is null
                or candidates.unit_cost is null or candidates.list_price is null
                or candidates.unit_cost < 0 or candidates.list_price < 0 then 'invalid_value'
        end as row_reason
    from candidates
    left join spellings
        on spellings.category_key = candidates.category_key
        and spellings.popularity = 1
),

ranked as (
    select
        *,
        -- The valid row of a key from the latest ingested file wins (the first one in that file); later
        -- rows of the same file are duplicates, rows of earlier files superseded versions.
        row_number() over (partition by product_id, row_reason order by _file_order desc, _row_number) as key_occurrence,
        first_value(_source_file) over (partition by product_id, row_reason order by _file_order desc, _row_number) as winning_file
    from checked
)

select
    {% for column in typed_columns %}{{ column }},
    {% endfor -%}
    category,
    coalesce(row_reason, case when key_occurrence > 1 then case when _source_file = winning_file then 'duplicate' else 'superseded' end end) as reject_reason,
    {{ checked_at() }} as _checked_at
from ranked
