-- What the site's search listed for each month a fetch walked: renames only.
select
    organisation_filter,
    month,
    listed,
    cards as cards_read,
    complete as is_complete,
    gone,
    last_checked
from {{ source('raw', 'fetch_months') }}
