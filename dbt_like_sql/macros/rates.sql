-- Rates with their uncertainty, defined once for every model (and for anyone querying the warehouse).

-- z of a two-sided interval: 95% and 99.8% (the funnel plot's limits).
create or replace macro z_95() as 1.959963984540054;
create or replace macro z_99_8() as 3.090232306167813;

-- One bound of the Wilson score interval of k successes in n trials (sign -1: lower, +1: upper); NULL
-- without trials. Better than the normal approximation at small n and rates near 0 or 1.
create or replace macro wilson_bound(k, n, z, sign) as
    case when n > 0 then least(1.0, greatest(0.0,
        ((k / n) + z * z / (2 * n)
         + sign * z * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n)))
        / (1 + z * z / n)))
    end;

-- One control limit of a funnel plot: where a rate over n cases falls by chance alone around the national
-- rate p (normal approximation to the binomial), clipped to [0, 1].
create or replace macro funnel_limit(p, n, z, sign) as
    least(1.0, greatest(0.0, p + sign * z * sqrt(p * (1 - p) / n)));

-- Whether a rate over n cases is outside the funnel's limits at z: 'above', 'below' or 'within'.
create or replace macro versus_funnel(rate, p, n, z) as
    case
        when rate > funnel_limit(p, n, z, 1) then 'above'
        when rate < funnel_limit(p, n, z, -1) then 'below'
        else 'within'
    end;
