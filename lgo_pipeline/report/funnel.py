"""Funnel-plot control limits: the standard way to compare rates with very different denominators.

A council with 4 investigations and a rate of 100% is not evidence of anything; one with 200 and 95% may
be. Around the national rate p, a council with n investigations would fall within p ± z·sqrt(p(1-p)/n)
by chance alone 95% (z = 1.96) or 99.8% (z = 3.09) of the time (normal approximation to the binomial).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054
Z_998 = 3.090232306167813


@dataclass(frozen=True)
class Limits:
    n: list[int]
    lower_95: list[float]
    upper_95: list[float]
    lower_998: list[float]
    upper_998: list[float]


def control_limits(rate: float, max_n: int, points: int = 200) -> Limits:
    """Limits around `rate` for denominators 1..max_n, clipped to [0, 1]."""
    step = max(1, max_n // points)
    ns = sorted({*range(1, max_n + 1, step), max_n})

    def band(z: float, sign: int) -> list[float]:
        return [min(1.0, max(0.0, rate + sign * z * math.sqrt(rate * (1 - rate) / n))) for n in ns]

    return Limits(ns, band(Z_95, -1), band(Z_95, 1), band(Z_998, -1), band(Z_998, 1))
