-- Decision lines as written, mapped to the canonical outcomes: as the normalisation wrote them.
select
    outcome_raw,
    outcome_canonical,
    is_investigation,
    is_upheld
from {{ source('lookup', 'outcome_labels') }}
