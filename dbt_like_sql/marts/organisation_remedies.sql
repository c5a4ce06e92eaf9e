-- What each organisation agreed or was asked to do, by financial year (and 'all years'): payments and
-- refunds with their statistics, and the actions that are not money.
with remedies as (
    select organisation_id, organisation_name, unnest(periods_of(financial_year)) as period, reference, remedy_kind,
           amount_gbp, source_url
    from {{ ref('fct_remedy') }}
    where organisation_id is not null
)

select
    organisation_id,
    any_value(organisation_name) as organisation_name,
    period,
    count(distinct reference) as decisions_with_remedy,
    count(*) as remedies,
    count(*) filter (where remedy_kind = 'apology') as apologies,
    count(*) filter (where remedy_kind = 'reassessment') as reassessments,
    count(*) filter (where remedy_kind = 'procedure_review') as procedure_reviews,
    count(*) filter (where remedy_kind = 'staff_training') as staff_training,
    count(*) filter (where remedy_kind = 'other') as other_actions,
    unnest(payment_stats(amount_gbp, reference, source_url))
from remedies
group by organisation_id, period
order by organisation_id, period
