"""Customer engagement value: CLV, referral, influence and knowledge value of each customer.

========================  ================================================================
``value``                 :func:`engagement_value` (CEV = CLV + CRV + CIV + CKV, Kumar et
                          al. 2010) on the CRM world or your own tables;
                          :func:`customer_clv`, :func:`knowledge_value`;
                          :func:`engagement_quadrants` (CLV against CRV: who buys, who
                          brings), :func:`ranking_shift` (CEV rank against CLV rank),
                          :func:`top_overlap`
``course``                the same functions under chapter 5's module name
``exercises``             chapter 5's exercises
========================  ================================================================

Names load on first use, so ``import ckmkit.engagement`` stays light.

Examples
--------
>>> from ckmkit import engagement
>>> engagement.COMPONENTS
('clv', 'referral_value', 'influence_value', 'knowledge_value')
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    name: "value"
    for name in ("COMPONENTS", "QUADRANT_NAMES", "IDEA_TYPES", "customer_clv", "engagement_value",
                 "knowledge_value", "engagement_quadrants", "ranking_shift", "top_overlap")
}
_SUBMODULES = {"value", "course", "exercises"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)
