-- Periods as the Ombudsman reports them.

-- The financial year (1 April - 31 March) of a date, written 2021-22.
create or replace macro financial_year(day) as
    case
        when day is null then null
        when month(day) >= 4 then format('{}-{:02d}', year(day), (year(day) + 1) % 100)
        else format('{}-{:02d}', year(day) - 1, year(day) % 100)
    end;

-- The share of timed cases decided within a number of weeks (13, 26, 52 in the Ombudsman's timeliness
-- figures): an aggregate over days_to_decision, NULL when no case was timed.
create or replace macro share_within_weeks(days, weeks) as
    count(*) filter (where days <= weeks * 7) / nullif(count(days), 0);

-- The period over every financial year (decisions without a date included), as the marts by period name it.
create or replace macro all_years() as 'all years';

-- The row of a mart by category that counts every category (marts.organisation_outcomes).
create or replace macro all_categories() as 'all categories';

-- The periods a decision counts in, a list to unnest into a row each: its financial year when it has one, and
-- all_years() always. Every mart by period takes its decisions through this, so 'all years' means one thing.
create or replace macro periods_of(financial_year) as
    case when financial_year is null then [all_years()] else [financial_year, all_years()] end;

-- How long a set of cases took, from estimated receipt to decision: an aggregate returning one struct,
-- expanded with `unnest(days_to_decision_stats(days_to_decision))` into the same columns wherever time to
-- decision is summarised (cases not timed count in no figure but `decisions`).
create or replace macro days_to_decision_stats(days) as {
    'decisions_timed': count(days),
    'median_days': median(days),
    'p90_days': quantile_cont(days, 0.9),
    'share_within_13_weeks': share_within_weeks(days, 13),
    'share_within_26_weeks': share_within_weeks(days, 26),
    'share_within_52_weeks': share_within_weeks(days, 52)
};
