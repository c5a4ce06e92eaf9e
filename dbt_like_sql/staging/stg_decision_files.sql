-- Raw file bookkeeping without the text: renames only.
select
    file_id,
    path as file_path,
    paths as file_paths,
    bytes as file_bytes,
    encoding as file_encoding,
    first_seen_at,
    last_seen_at
from {{ source('raw', 'decision_files') }}
