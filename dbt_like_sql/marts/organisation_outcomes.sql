-- What happened to the complaints about each organisation, by financial year and by category (each
-- period also 'all years', each category also 'all categories'): decided, investigated, upheld, closed.
-- The one place outcomes are counted: the uphold rates and the funnel plot read their counts from here.
with decisions as (
    select organisation_id, organisation_name, unnest(periods_of(financial_year)) as period,
           coalesce(category_top, 'no category') as category_top, outcome_canonical, is_investigation, is_upheld
    from {{ ref('fct_decision') }}
    where organisation_id is not null
)

select
    organisation_id,
    any_value(organisation_name) as organisation_name,
    period,
    coalesce(category_top, all_categories()) as category_top,
    count(*) as decisions,
    count(*) filter (where is_investigation) as investigations,
    count(*) filter (where is_upheld) as upheld,
    count(*) filter (where is_investigation and not is_upheld) as not_upheld,
    count(*) filter (where outcome_canonical = 'closed_after_initial_enquiries') as closed_after_initial_enquiries,
    count(*) filter (where not is_investigation and outcome_canonical not in ('closed_after_initial_enquiries',
                                                                             'unknown')) as other_outcomes,
    count(*) filter (where outcome_canonical = 'unknown') as no_outcome_stated
from decisions
group by grouping sets ((organisation_id, period, category_top), (organisation_id, period))
order by organisation_id, period, category_top
