-- What is paid, by complaint category, each financial year and over all years, across every
-- organisation: each payment counted once.
with payments as (
    select unnest(periods_of(financial_year)) as period, category_top, reference, amount_gbp, source_url
    from {{ ref('fct_remedy') }}
    where amount_gbp is not null and category_top is not null
)

select period, category_top, unnest(payment_stats(amount_gbp, reference, source_url))
from payments
group by period, category_top
order by period, category_top
