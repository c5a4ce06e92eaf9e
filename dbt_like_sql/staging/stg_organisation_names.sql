-- Organisation names as written and what they resolved to: as the normalisation wrote them.
select
    organisation_name_raw,
    decisions,
    organisation_id,
    match_method,
    match_score,
    best_candidate_code,
    best_candidate_name,
    is_council_like
from {{ source('lookup', 'organisation_names') }}
