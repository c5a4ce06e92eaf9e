-- Rates with their uncertainty, defined once for every model (and for anyone querying the warehouse).

-- z of a two-sided 95% interval.
create or replace macro z_95() as 1.959963984540054;

-- One bound of the Wilson score interval of k successes in n trials (sign -1: lower, +1: upper); NULL
-- without trials. Better than the normal approximation at small n and rates near 0 or 1.
create or replace macro wilson_bound(k, n, z, sign) as
    case when n > 0 then least(1.0, greatest(0.0,
        ((k / n) + z * z / (2 * n)
         + sign * z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n)))
        / (1 + z * z / n)))
    end;

-- The funnel plot, exactly: whether k upheld of n investigations is further from the national rate p than
-- chance explains at a two-sided level (0.95, 0.998), by the binomial distribution itself rather than a
-- normal approximation, which fails at the small n most councils have (Spiegelhalter, "Funnel plots for
-- comparing institutional performance", Statistics in Medicine 24, 2005). docs/figures.md explains.

-- P(X = j) for X ~ Binomial(n, p), through log-gamma (no overflow at large n).
create or replace macro binomial_pmf(j, n, p) as
    case
        when p <= 0 then cast(j = 0 as double)
        when p >= 1 then cast(j = n as double)
        else exp(lgamma(n + 1) - lgamma(j + 1) - lgamma(n - j + 1) + j * ln(p) + (n - j) * ln(1 - p))
    end;

-- Where a council's k upheld of n investigations sits against a period's exact limits (funnel_limits: the most
-- upheld that is below, the fewest that is above; NULL where no count could be): 'above', 'below', 'within',
-- or 'too few to tell' when the side the rate leans to has no limit at this n (even 0 or n of n would be
-- within chance). NULL without a national rate.
create or replace macro versus_limits(k, n, p, lowest_above, highest_below) as
    case
        when p is null then null
        when k >= lowest_above then 'above'
        when k <= highest_below then 'below'
        when (k >= n * p and lowest_above is null) or (k < n * p and highest_below is null) then 'too few to tell'
        else 'within'
    end;
