-- Every parsed file of a decision, ranked among the versions of its part: the page itself, or a later
-- chapter of a report (a file of its own). The latest decision date wins, then the latest seen: a re-issued
-- decision keeps its older versions here, and the facts read the current version (rank 1) of each part.
-- Narrow on purpose: carrying summaries and warnings through the window sort cost most of the time.
select
    d.file_id,
    d.reference,
    d.chapter,
    row_number() over (
        partition by d.reference, d.chapter
        order by d.decision_date desc nulls last, f.first_seen_at desc, d.file_id desc
    ) as version_rank,
    count(*) over (partition by d.reference, d.chapter) as versions,
    -- the page itself; a report whose page was not kept is headed by its first chapter held
    coalesce(d.chapter, 1) = min(coalesce(d.chapter, 1)) over (partition by d.reference) as is_head
from {{ ref('stg_decisions') }} as d
join {{ ref('stg_decision_files') }} as f using (file_id)
order by d.reference, d.chapter nulls first, version_rank
