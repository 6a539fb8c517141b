-- Row checks for orders: every bronze row, cleaned and typed, with the reason it is rejected
-- (NULL when accepted). Checks run in this order and the first failure is the reason:
-- missing_key, invalid_value, future_date, duplicate, unknown_customer.
-- With landing files the verdicts are stored and only those that can change are decided again
-- (see macros/medallion/incremental_checks.sql), including the orders whose customer's acceptance
-- changed.
{% if var('landing_path', none) %}-- depends_on: {{ ref('validated_customers') }}{% endif %}
{{ checks_config('order_checks', 'bronze_orders', 'order_id') }}
{% set typed_columns = ['_row_number', '_source_file', '_ingested_at', '_file_order', 'order_key', 'customer_key',
    'order_id', 'customer_id', 'ordered_at', 'status', 'payment_method', 'channel', 'promo_code'] %}

with typed as (
    select
        _row_number,
        _source_file,
        _ingested_at,
        -- Files in the order they were ingested: a later file holds later versions of its records.
        min(_row_number) over (partition by _source_file) as _file_order,
        {{ clean_text('order_id') }} as order_key,
        {{ clean_text('customer_id') }} as customer_key,
        try_cast({{ clean_text('order_id') }} as bigint) as order_id,
        try_cast({{ clean_text('customer_id') }} as bigint) as customer_id,
        try_cast({{ clean_text('order_date') }} as timestamp) as ordered_at,
        {{ clean_code('status') }} as status,
        {{ clean_code('payment_method') }} as payment_method,
        {{ clean_code('channel') }} as channel,
        upper({{ clean_text('promo_code') }}) as promo_code
    from {{ ref('bronze_orders') }}
    {{- unchecked_rows_only() }}
),

candidates as (
    {%- set orders_of_rechecked_customers %}
        {{ children_of_rechecked('order_id', 'customer_id', ref('validated_customers'), ref('silver_customers'), 'unknown_customer') }}
        union
        {{ children_of_forgotten('order_id', 'customer_id', ref('validated_customers')) }}
    {%- endset %}
    {{ rows_to_check(typed_columns, 'order_id', recheck_when="reject_reason = 'future_date' and cast(ordered_at as date) <= " ~ as_of_date(), also_keys=orders_of_rechecked_customers) }}
),

checked as (
    select
        *,
        case
            when order_key is null or customer_key is null then 'missing_key'
            when order_id is null or customer_id is null or ordered_at is null
                or status is null or status not in {{ sql_list(var('order_statuses')) }} then 'invalid_value'
            when cast(ordered_at as date) > {{ as_of_date() }} then 'future_date'
        end as row_reason
    from candidates
),

ranked as (
    select
        *,
        -- The valid row of a key from the latest ingested file wins (the first one in that file); later
        -- rows of the same file are duplicates, rows of earlier files superseded versions.
        row_number() over (partition by order_id, row_reason order by _file_order desc, _row_number) as key_occurrence,
        first_value(_source_file) over (partition by order_id, row_reason order by _file_order desc, _row_number) as winning_file
    from checked
)

select
    {% for column in typed_columns %}ranked.{{ column }},
    {% endfor -%}
    coalesce(
        ranked.row_reason,
        case when ranked.key_occurrence > 1 then case when ranked._source_file = ranked.winning_file then 'duplicate' else 'superseded' end end,
        case when customers.customer_id is null then 'unknown_customer' end
    ) as reject_reason,
    {{ checked_at() }} as _checked_at
from ranked
left join {{ ref('silver_customers') }} as customers
    on customers.customer_id = ranked.customer_id
