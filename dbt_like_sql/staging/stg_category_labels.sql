-- Category labels as written, mapped to the taxonomy: as the normalisation wrote them.
select
    category_top_raw,
    category_sub_raw,
    category_id,
    category_top,
    category_sub,
    top_slug,
    sub_slug,
    is_known_top,
    is_known_sub
from {{ source('lookup', 'category_labels') }}
