"""Customer value: summaries, 80/20, RFM, CLV models and the three customer classes.

============================================  ==============================================
:func:`summarize`, :func:`calibration_holdout`  transaction log → one row per customer
:func:`pareto_check`, :func:`lorenz`, ...       revenue concentration (80/20, Gini, whale)
:func:`rfm_scores`, :func:`rfm_segments`        RFM scores and named segments
:class:`BetaGeo`, :class:`ParetoNBD`            repeat purchases (buy 'til you die)
:class:`ModifiedBetaGeo`, :class:`GammaGompertzNBD`  MBG/NBD and GGompertz/NBD
:func:`dert`                                    discounted expected residual transactions
:class:`GammaGamma`                             spend per transaction
:class:`BetaGeoBetaBinom`                       repeat transactions at discrete opportunities (BG/BB)
:class:`ShiftedBetaGeo`                         contractual retention and residual lifetime (sBG)
:func:`likelihood_ratio_test`                   covariates (``purchase_covariates=`` of ``fit``) tested
:func:`simulate_summary`                        histories drawn from a model with covariates
``model.save``, :func:`load_model`              a fitted model to and from a JSON file
:func:`compare_models`, :func:`tracking_table`  judging fits: comparison table, tracking,
:func:`period_transactions`                     and repeat-purchase counts, model against actual
:func:`customer_lifetime_value`                 discounted margin minus cost to serve
:func:`classify_customers`, :func:`value_matrix`  MVC / MGC / BZC and the value matrix
``model.conf_int``, :func:`parameter_draws`     parameter intervals and draws (sampling, bootstrap)
:func:`clv_intervals`, :func:`class_probabilities`  per-customer intervals and P(MVC / MGC / BZC)
============================================  ==============================================

Examples
--------
>>> from ckmkit.value import summarize, BetaGeo, ParetoNBD, GammaGamma
"""

from ._mle import ConvergenceWarning
from .bgbb import BetaGeoBetaBinom
from .classes import (
    CLASSES,
    QUADRANTS,
    class_label,
    class_summary,
    classify_customers,
    customer_profitability,
    mgc_cut,
    peer_potential,
    quadrant_label,
    value_matrix,
)
from .clv import acquisition_vs_retention, customer_lifetime_value, retention_clv
from .concentration import (
    ParetoCheck,
    customers_for_share,
    gini,
    lorenz,
    pareto_check,
    top_share,
    whale_curve,
)
from .covariates import Covariates, simulate_summary
from .dert import dert
from .diagnostics import compare_models, likelihood_ratio_test, period_transactions, tracking_table
from .gammagamma import GammaGamma
from .gompertz import GammaGompertzNBD
from .mbg import ModifiedBetaGeo
from .models import BetaGeo, ParetoNBD
from .rfm import SEGMENTS, rfm_scores, rfm_segments, segment_label, segment_summary
from .sbg import ShiftedBetaGeo
from .storage import MODELS, load_model
from .summary import TIME_UNITS, calibration_holdout, summarize, unit_days
from .uncertainty import (
    ParameterDraws,
    PredictionDraws,
    class_probabilities,
    clv_draws,
    clv_intervals,
    dert_intervals,
    p_alive_intervals,
    parameter_draws,
    purchase_intervals,
)

__all__ = [
    "CLASSES", "QUADRANTS", "SEGMENTS", "TIME_UNITS",
    "BetaGeo", "ConvergenceWarning", "GammaGamma", "ParetoCheck", "ParetoNBD",
    "acquisition_vs_retention", "calibration_holdout", "class_label", "class_summary",
    "classify_customers",
    "customer_lifetime_value", "customer_profitability", "customers_for_share", "gini", "lorenz",
    "mgc_cut", "pareto_check", "peer_potential", "quadrant_label", "retention_clv", "rfm_scores",
    "rfm_segments", "segment_label", "segment_summary", "summarize", "top_share", "unit_days",
    "value_matrix", "whale_curve",
    "BetaGeoBetaBinom",
    "ShiftedBetaGeo",
    "MODELS",
    "load_model",
    "compare_models",
    "period_transactions",
    "tracking_table",
    "GammaGompertzNBD",
    "ModifiedBetaGeo",
    "dert",
    "Covariates",
    "likelihood_ratio_test",
    "simulate_summary",
    "ParameterDraws",
    "PredictionDraws",
    "class_probabilities",
    "clv_draws",
    "clv_intervals",
    "dert_intervals",
    "p_alive_intervals",
    "parameter_draws",
    "purchase_intervals",
]
