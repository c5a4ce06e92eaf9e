-- Which councils have complaints upheld most often, fairly: councils with 10 or more detailed
-- investigations in a year, ranked by uphold rate, and whether the rate is outside the funnel-plot limits
-- (99.8%) around the national rate, i.e. different by more than chance explains.
select
    financial_year,
    rank() over (partition by financial_year order by uphold_rate desc) as rank_in_year,
    organisation_id,
    organisation_name,
    organisation_type,
    investigations,
    upheld,
    uphold_rate,
    uphold_rate_low,
    uphold_rate_high,
    peer_uphold_rate,
    national_uphold_rate,
    case
        when uphold_rate > national_uphold_rate
            + 3.090232306167813 * sqrt(national_uphold_rate * (1 - national_uphold_rate) / investigations)
            then 'above'
        when uphold_rate < national_uphold_rate
            - 3.090232306167813 * sqrt(national_uphold_rate * (1 - national_uphold_rate) / investigations)
            then 'below'
        else 'within'
    end as versus_national_99_8
from {{ ref('outcome_rates_by_council') }}
where investigations >= 10 and peer_group is not null
order by financial_year, rank_in_year, organisation_name
