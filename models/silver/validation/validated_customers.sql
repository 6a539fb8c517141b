-- Row checks for customers: every bronze row, cleaned and typed, with the reason it is rejected
-- (NULL when accepted). silver.customers keeps the accepted rows, silver.quarantine the others.
-- A malformed email does not reject a customer (the customer and their orders are real): the email
-- becomes NULL and has_valid_email false.
-- With landing files the verdicts are stored and only those that can change are decided again
-- (see macros/medallion/incremental_checks.sql).
{{ checks_config('customer_checks', 'bronze_customers', 'customer_id') }}
{% set typed_columns = ['_row_number', '_source_file', '_ingested_at', '_file_order', 'customer_key', 'customer_id',
    'first_name', 'last_name', 'email_text', 'gender', 'age_band', 'city', 'state', 'country', 'signup_date',
    'acquisition_channel', 'marketing_segment'] %}

with typed as (
    select
        _row_number,
        _source_file,
        _ingested_at,
        -- Files in the order they were ingested: a later file holds later versions of its records.
        min(_row_number) over (partition by _source_file) as _file_order,
        {{ clean_text('customer_id') }} as customer_key,
        try_cast({{ clean_text('customer_id') }} as bigint) as customer_id,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        lower({{ clean_text('email') }}) as email_text,
        {{ clean_code('gender') }} as gender,
        {{ clean_text('age_band') }} as age_band,
        {{ clean_text('city') }} as city,
        upper({{ clean_text('state') }}) as state,
        upper({{ clean_text('country') }}) as country,
        try_cast({{ clean_text('signup_date') }} as date) as signup_date,
        {{ clean_code('acquisition_channel') }} as acquisition_channel,
        {{ clean_code('marketing_segment') }} as marketing_segment
    from {{ ref('bronze_customers') }}
    {{- unchecked_rows_only() }}
),

candidates as (
    {{ rows_to_check(typed_columns, 'customer_id', recheck_when="reject_reason = 'future_date' and signup_date <= " ~ as_of_date()) }}
),

checked as (
    select
        *,
        case
            when customer_key is null then 'missing_key'
            when customer_id is null or signup_date is null then 'invalid_value'
            when signup_date > {{ as_of_date() }} then 'future_date'
        end as row_reason
    from candidates
),

ranked as (
    select
        *,
        -- The valid row of a key from the latest ingested file wins (the first one in that file); later
        -- rows of the same file are duplicates, rows of earlier files superseded versions.
        row_number() over (partition by customer_id, row_reason order by _file_order desc, _row_number) as key_occurrence,
        first_value(_source_file) over (partition by customer_id, row_reason order by _file_order desc, _row_number) as winning_file
    from checked
)

select
    {% for column in typed_columns %}{{ column }},
    {% endfor -%}
    case when {{ regex_matches('email_text', '^[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$') }} then email_text end as email,
    coalesce({{ regex_matches('email_text', '^[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$') }}, false) as has_valid_email,
    coalesce(row_reason, case when key_occurrence > 1 then case when _source_file = winning_file then 'duplicate' else 'superseded' end end) as reject_reason,
    {{ checked_at() }} as _checked_at
from ranked
