-- Parsed remedies with exact money types: renames and casts only.
select
    file_id,
    reference,
    remedy_index,
    kind as remedy_kind,
    cast(amount_gbp as decimal(12, 2)) as amount_gbp,
    rate as amount_rate,
    recipient,
    purpose,
    due_within_days,
    already_provided,
    text as remedy_text
from {{ source('parsed', 'remedies') }}
