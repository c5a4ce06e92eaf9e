-- Files that are not decisions: renames only.
select
    file_id,
    path as file_path,
    reason as quarantine_reason,
    parser_version
from {{ source('parsed', 'parse_quarantine') }}
