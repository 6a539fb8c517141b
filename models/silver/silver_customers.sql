-- Silver customers: one row per valid customer, typed and normalised (see validated_customers for
-- the checks). Rejected rows are in silver.quarantine.
{{ config(alias='customers', materialized=silver_materialized()) }}

select
    customer_id,
    first_name,
    last_name,
    email,
    has_valid_email,
    gender,
    age_band,
    city,
    state,
    country,
    signup_date,
    acquisition_channel,
    marketing_segment,
    _checked_at
from {{ ref('validated_customers') }}
where reject_reason is null
