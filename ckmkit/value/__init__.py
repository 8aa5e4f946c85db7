"""Customer value: summaries, 80/20, RFM, CLV models and the three customer classes."""

from .summary import TIME_UNITS, calibration_holdout, summarize, unit_days

__all__ = ["TIME_UNITS", "calibration_holdout", "summarize", "unit_days"]
