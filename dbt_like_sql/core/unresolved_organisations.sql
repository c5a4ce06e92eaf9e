-- Names as written that the register did not resolve, for a person to review: the best candidate and
-- its score say whether to add an alias or fix the register. Council-like names here are errors.
select
    organisation_name_raw,
    decisions,
    best_candidate_code,
    best_candidate_name,
    match_score as best_candidate_score,
    is_council_like
from {{ ref('stg_organisation_names') }}
where match_method = 'unresolved'
order by decisions desc, organisation_name_raw
