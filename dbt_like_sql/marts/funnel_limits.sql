-- The funnel plot's control limits around each period's national uphold rate, for every number of
-- investigations from 1 to the most any council had: the lines the council dots are read against.
with periods as (
    select period, any_value(national_uphold_rate) as national_uphold_rate, max(investigations) as most
    from {{ ref('council_funnel') }}
    group by period
)

select
    p.period,
    n.investigations,
    p.national_uphold_rate,
    funnel_limit(p.national_uphold_rate, n.investigations, z_95(), -1) as lower_95,
    funnel_limit(p.national_uphold_rate, n.investigations, z_95(), 1) as upper_95,
    funnel_limit(p.national_uphold_rate, n.investigations, z_99_8(), -1) as lower_99_8,
    funnel_limit(p.national_uphold_rate, n.investigations, z_99_8(), 1) as upper_99_8
from periods as p, lateral (select unnest(range(1, p.most + 1)) as investigations) as n
order by p.period, n.investigations
