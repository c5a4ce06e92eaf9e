-- One row per category in the current taxonomy (older labels already mapped).
select distinct
    category_id,
    category_top,
    category_sub,
    top_slug,
    sub_slug,
    is_known_top,
    is_known_sub
from {{ ref('stg_category_labels') }}
where category_id is not null
order by category_id
