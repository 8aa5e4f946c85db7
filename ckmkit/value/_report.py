"""Exclusion reports that may mix reasons from the ``quality`` and ``value`` catalogues."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

from ..i18n import t
from ..quality import DataQualityError, DataQualityWarning, report_exclusions

__all__ = ["report"]


def report(counts: Mapping[str, int], *, total: int, strict: bool, stacklevel: int = 3) -> None:
    """Warn (or raise) with a count per reason.

    Keys without a dot are ``quality`` reasons and go straight to
    :func:`ckmkit.quality.report_exclusions`; ``"value.<key>"`` reasons are
    resolved here, because that function only looks in the ``quality`` section.
    The default `stacklevel` points the warning at the caller of the public
    function that called this one.
    """
    kept = {k: int(n) for k, n in counts.items() if int(n) > 0}
    if all("." not in k for k in kept):
        report_exclusions(kept, total=total, strict=strict, stacklevel=stacklevel + 1)
        return
    details = t("quality.list_separator").join(
        t(k if "." in k else f"quality.{k}", n=n) for k, n in kept.items()
    )
    message = t("quality.excluded_rows", excluded=sum(kept.values()), total=total, details=details)
    if strict:
        raise DataQualityError(message)
    warnings.warn(message, DataQualityWarning, stacklevel=stacklevel)
