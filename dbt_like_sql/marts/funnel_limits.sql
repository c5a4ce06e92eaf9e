-- The funnel plot's exact control limits around each period's national uphold rate (national_uphold_rates),
-- for every number of investigations from 1 to the most any council had: from the binomial distribution at the national rate, the most upheld a council can have and still be
-- below it by more than chance explains (one-sided tail under 2.5% for the 95% limits, 0.1% for 99.8%),
-- and the fewest upheld that is above it. The lines are drawn half a case beyond those counts, so every dot
-- beyond a line is flagged and none inside it.
with periods as (
    select period, national_uphold_rate, most_council_investigations as most
    from {{ ref('national_uphold_rates') }}
    where investigations > 0
),

tails as (
    select
        p.period,
        n.investigations,
        p.national_uphold_rate,
        k.upheld,
        sum(binomial_pmf(k.upheld, n.investigations, p.national_uphold_rate)) over (
            partition by p.period, n.investigations order by k.upheld
            rows between unbounded preceding and current row) as at_most,
        sum(binomial_pmf(k.upheld, n.investigations, p.national_uphold_rate)) over (
            partition by p.period, n.investigations order by k.upheld
            rows between current row and unbounded following) as at_least
    from periods as p,
        lateral (select unnest(range(1, p.most + 1)) as investigations) as n,
        lateral (select unnest(range(0, n.investigations + 1)) as upheld) as k
),

counts as (
    select
        period,
        investigations,
        any_value(national_uphold_rate) as national_uphold_rate,
        max(upheld) filter (where at_most < 0.025) as highest_below_95,
        min(upheld) filter (where at_least < 0.025) as lowest_above_95,
        max(upheld) filter (where at_most < 0.001) as highest_below_99_8,
        min(upheld) filter (where at_least < 0.001) as lowest_above_99_8
    from tails
    group by period, investigations
)

select
    period,
    investigations,
    national_uphold_rate,
    highest_below_95,
    lowest_above_95,
    highest_below_99_8,
    lowest_above_99_8,
    (highest_below_95 + 0.5) / investigations as lower_95,
    (lowest_above_95 - 0.5) / investigations as upper_95,
    (highest_below_99_8 + 0.5) / investigations as lower_99_8,
    (lowest_above_99_8 - 0.5) / investigations as upper_99_8
from counts
order by period, investigations
