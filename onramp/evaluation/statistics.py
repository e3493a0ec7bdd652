"""Confidence intervals for rates."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(numerator: int, denominator: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95% by default); None when the denominator is 0."""
    if denominator <= 0:
        return None
    if not 0 <= numerator <= denominator:
        raise ValueError(f"numerator {numerator} must be between 0 and the denominator {denominator}")
    p = numerator / denominator
    z2 = z * z
    centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator)
    half = z * math.sqrt(p * (1 - p) / denominator + z2 / (4 * denominator * denominator)) / (1 + z2 / denominator)
    return (max(0.0, round(centre - half, 4)), min(1.0, round(centre + half, 4)))
