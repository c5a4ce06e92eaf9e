-- What each mart that counts decisions or money leaves out, and why, so that its totals add up to the facts:
-- a mart's all-years total plus what it names here is core.fct_decision's count, or core.fct_remedy's money.
with decisions as (
    select
        d.reference,
        d.organisation_id,
        d.financial_year,
        d.category_top,
        d.outcome_canonical,
        d.days_to_decision,
        d.payments,
        d.remedy_total_gbp
    from {{ ref('fct_decision') }} as d
),

payments as (
    select organisation_id, financial_year, category_top, amount_gbp
    from {{ ref('fct_remedy') }}
    where amount_gbp is not null
),

by_decision as (
    select 'outcome_rates_by_council' as mart, 'no decision date' as reason, * from decisions where financial_year is null
    union all
    select 'outcome_rates_by_council', 'no organisation', * from decisions
    where organisation_id is null and financial_year is not null
    union all
    select 'outcome_rates_by_council', 'no outcome stated (counted in decisions, not in the uphold rate)', *
    from decisions where outcome_canonical = 'unknown' and organisation_id is not null and financial_year is not null
    union all
    select 'organisation_outcomes', 'no organisation', * from decisions where organisation_id is null
    union all
    select 'time_to_decision', 'no decision date', * from decisions where financial_year is null
    union all
    select 'time_to_decision', 'not timed (the receipt estimate falls after the decision date)', * from decisions
    where financial_year is not null and days_to_decision is null
),

by_payment as (
    select 'remedy_amounts' as mart, 'no decision date' as reason, * from payments where financial_year is null
    union all
    select 'organisation_remedies', 'no organisation', * from payments where organisation_id is null
    union all
    select 'payments_by_category', 'no category', * from payments where category_top is null
)

select
    mart,
    reason,
    count(*) as decisions,
    cast(sum(payments) as bigint) as payments,
    cast(sum(remedy_total_gbp) as decimal(14, 2)) as total_gbp
from by_decision
group by mart, reason
union all
select
    mart,
    reason,
    null as decisions,
    count(*) as payments,
    cast(sum(amount_gbp) as decimal(14, 2)) as total_gbp
from by_payment
group by mart, reason
order by mart, reason
