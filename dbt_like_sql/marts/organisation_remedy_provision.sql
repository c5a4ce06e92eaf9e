-- Who put things right, per organisation and financial year (and 'all years'): of its upheld cases, those in
-- which it had already provided a satisfactory remedy before the Ombudsman's decision (the Ombudsman publishes
-- this share for each council), and of the remedies it agreed or was asked to give, those whose decision page
-- records that the Ombudsman was satisfied it complied (older pages state the date).
with decisions as (
    select organisation_id, organisation_name, unnest(periods_of(financial_year)) as period, reference, is_upheld,
           remedied_by_body, compliance_date
    from {{ ref('fct_decision') }}
    where organisation_id is not null
),

agreed as (
    select
        d.organisation_id,
        d.period,
        count(*) as agreed_remedies,
        count(*) filter (where d.compliance_date is not null) as agreed_remedies_compliance_recorded
    from decisions as d
    join {{ ref('fct_remedy') }} as r on r.reference = d.reference
    where not r.already_provided
    group by d.organisation_id, d.period
),

upheld as (
    select
        organisation_id,
        any_value(organisation_name) as organisation_name,
        period,
        count(*) filter (where is_upheld) as upheld,
        count(*) filter (where is_upheld and remedied_by_body) as upheld_remedied_by_body
    from decisions
    group by organisation_id, period
)

select
    u.organisation_id,
    u.organisation_name,
    u.period,
    u.upheld,
    u.upheld_remedied_by_body,
    u.upheld_remedied_by_body / nullif(u.upheld, 0) as share_remedied_by_body,
    coalesce(a.agreed_remedies, 0) as agreed_remedies,
    coalesce(a.agreed_remedies_compliance_recorded, 0) as agreed_remedies_compliance_recorded,
    a.agreed_remedies_compliance_recorded / nullif(a.agreed_remedies, 0) as share_compliance_recorded
from upheld as u
left join agreed as a on a.organisation_id = u.organisation_id and a.period = u.period
order by u.organisation_id, u.period
