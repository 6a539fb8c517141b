-- Row checks for order items: every bronze row, cleaned and typed, with the reason it is rejected
-- (NULL when accepted). Checks run in this order and the first failure is the reason:
-- missing_key, invalid_value, non_positive_quantity, duplicate, unknown_order, unknown_product.
-- An item of a rejected order (say, one dated in the future) is an unknown_order: silver keeps no
-- line whose order it does not keep.
-- With landing files the verdicts are stored and only those that can change are decided again
-- (see macros/medallion/incremental_checks.sql), including the items whose order's or product's
-- acceptance changed.
{% if var('landing_path', none) %}-- depends_on: {{ ref('validated_orders') }} {{ ref('validated_products') }}{% endif %}
{{ checks_config('order_item_checks', 'bronze_order_items', 'order_item_id') }}
{% set typed_columns = ['_row_number', '_source_file', '_ingested_at', '_file_order', 'order_item_key', 'order_key',
    'product_key', 'order_item_id', 'order_id', 'product_id', 'quantity', 'unit_price', 'discount'] %}

with typed as (
    select
        _row_number,
        _source_file,
        _ingested_at,
        -- Files in the order they were ingested: a later file holds later versions of its records.
        min(_row_number) over (partition by _source_file) as _file_order,
        {{ clean_text('order_item_id') }} as order_item_key,
        {{ clean_text('order_id') }} as order_key,
        {{ clean_text('product_id') }} as product_key,
        try_cast({{ clean_text('order_item_id') }} as bigint) as order_item_id,
        try_cast({{ clean_text('order_id') }} as bigint) as order_id,
        try_cast({{ clean_text('product_id') }} as bigint) as product_id,
        try_cast({{ clean_text('quantity') }} as integer) as quantity,
        try_cast({{ clean_text('unit_price') }} as decimal(18, 2)) as unit_price,
        try_cast({{ clean_text('discount') }} as decimal(5, 4)) as discount
    from {{ ref('bronze_order_items') }}
    {{- unchecked_rows_only() }}
),

candidates as (
    {%- set items_of_rechecked_parents %}
        {{ children_of_rechecked('order_item_id', 'order_id', ref('validated_orders'), ref('silver_orders'), 'unknown_order', ['unknown_product']) }}
        union
        {{ children_of_rechecked('order_item_id', 'product_id', ref('validated_products'), ref('silver_products'), 'unknown_product') }}
        union
        {{ children_of_forgotten('order_item_id', 'order_id', ref('validated_orders')) }}
        union
        {{ children_of_forgotten('order_item_id', 'product_id', ref('validated_products')) }}
    {%- endset %}
    {{ rows_to_check(typed_columns, 'order_item_id', also_keys=items_of_rechecked_parents) }}
),

checked as (
    select
        *,
        case
            when order_item_key is null or order_key is null or product_key is null then 'missing_key'
            when order_item_id is null or order_id is null or product_id is null or quantity is null
                or unit_price is null or unit_price < 0
                or discount is null or discount < 0 or discount >= 1 then 'invalid_value'
            when quantity <= 0 then 'non_positive_quantity'
        end as row_reason
    from candidates
),

ranked as (
    select
        *,
        -- The valid row of a key from the latest ingested file wins (the first one in that file); later
        -- rows of the same file are duplicates, rows of earlier files superseded versions.
        row_number() over (partition by order_item_id, row_reason order by _file_order desc, _row_number) as key_occurrence,
        first_value(_source_file) over (partition by order_item_id, row_reason order by _file_order desc, _row_number) as winning_file
    from checked
)

select
    {% for column in typed_columns %}ranked.{{ column }},
    {% endfor -%}
    coalesce(
        ranked.row_reason,
        case when ranked.key_occurrence > 1 then case when ranked._source_file = ranked.winning_file then 'duplicate' else 'superseded' end end,
        case when orders.order_id is null then 'unknown_order' end,
        case when products.product_id is null then 'unknown_product' end
    ) as reject_reason,
    {{ checked_at() }} as _checked_at
from ranked
left join {{ ref('silver_orders') }} as orders
    on orders.order_id = ranked.order_id
left join {{ ref('silver_products') }} as products
    on products.product_id = ranked.product_id
