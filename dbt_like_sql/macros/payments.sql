-- What a set of payments and refunds adds up to: an aggregate returning one struct, expanded with
-- `unnest(payment_stats(amount_gbp, reference, source_url))` into the same columns wherever payments are
-- summed; the largest payment names its decision and links to its published page.
create or replace macro payment_stats(amount, reference, source_url) as {
    'decisions_with_payment': count(distinct reference),
    'payments': count(amount),
    'total_gbp': cast(sum(amount) as decimal(14, 2)),
    'min_gbp': cast(min(amount) as decimal(12, 2)),
    'q1_gbp': cast(quantile_cont(amount, 0.25) as decimal(12, 2)),
    'median_gbp': cast(median(amount) as decimal(12, 2)),
    'q3_gbp': cast(quantile_cont(amount, 0.75) as decimal(12, 2)),
    'p90_gbp': cast(quantile_cont(amount, 0.9) as decimal(12, 2)),
    'max_gbp': cast(max(amount) as decimal(12, 2)),
    'payments_over_10000': count(*) filter (where amount > 10000),
    'largest_payment_reference': arg_max(reference, amount),
    'largest_payment_url': arg_max(source_url, amount)
};
