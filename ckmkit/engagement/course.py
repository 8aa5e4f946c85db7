"""Chapter 5's names for the engagement-value functions (see :mod:`ckmkit.engagement`).

Examples
--------
>>> from ckmkit.engagement import course
>>> course.COMPONENTS
('clv', 'referral_value', 'influence_value', 'knowledge_value')
"""

from __future__ import annotations

from .value import (
    COMPONENTS,
    QUADRANT_NAMES,
    customer_clv,
    engagement_quadrants,
    engagement_value,
    ranking_shift,
    top_overlap,
)

__all__ = ["COMPONENTS", "QUADRANT_NAMES", "customer_clv", "engagement_value", "engagement_quadrants",
           "ranking_shift", "top_overlap"]
