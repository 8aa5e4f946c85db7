"""Customer value: summaries, 80/20, RFM, CLV models and the three customer classes.

=====================================  ==================================================
:func:`summarize`                      transaction log → one row per customer (narwhals)
:func:`calibration_holdout`            the same, split into calibration and holdout
:class:`BetaGeo`, :class:`ParetoNBD`   repeat-purchase (buy 'til you die) models
:class:`GammaGamma`                    spend per transaction
=====================================  ==================================================

Examples
--------
>>> from ckmkit.value import summarize, BetaGeo, ParetoNBD, GammaGamma
"""

from ._mle import ConvergenceWarning
from .gammagamma import GammaGamma
from .models import BetaGeo, ParetoNBD
from .summary import TIME_UNITS, calibration_holdout, summarize, unit_days

__all__ = [
    "BetaGeo",
    "ConvergenceWarning",
    "GammaGamma",
    "ParetoNBD",
    "TIME_UNITS",
    "calibration_holdout",
    "summarize",
    "unit_days",
]
