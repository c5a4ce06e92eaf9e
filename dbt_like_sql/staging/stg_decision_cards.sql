-- The search result card of each fetched decision (the site's listing): renames only.
select
    reference,
    url as source_url,
    page_path,
    category_slug as card_category_top_raw,
    category_sub as card_category_sub_raw,
    organisation as card_organisation_name_raw,
    document_type as card_document_type,
    outcome as card_outcome_raw,
    decision_date as card_decision_date,
    summary as card_summary,
    listed_at
from {{ source('raw', 'decision_cards') }}
