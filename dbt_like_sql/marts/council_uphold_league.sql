-- Which councils have complaints upheld most often, fairly: councils with 10 or more detailed
-- investigations in a year, ranked by uphold rate, with their interval, peers and the funnel verdict.
select
    r.financial_year,
    rank() over (partition by r.financial_year order by r.uphold_rate desc) as rank_in_year,
    r.organisation_id,
    r.organisation_name,
    r.organisation_type,
    r.investigations,
    r.upheld,
    r.uphold_rate,
    r.uphold_rate_low,
    r.uphold_rate_high,
    r.peer_uphold_rate,
    f.national_uphold_rate,
    f.versus_national_99_8
from {{ ref('outcome_rates_by_council') }} as r
join {{ ref('council_funnel') }} as f
    on f.organisation_id = r.organisation_id and f.period = r.financial_year
where r.investigations >= 10 and r.peer_group is not null
order by r.financial_year, rank_in_year, r.organisation_name
