"""Saving and loading fitted CLV models as small JSON files.

:meth:`~ckmkit.value.BetaGeo.save` writes a fitted model (every model has it);
:func:`load_model` reads one back. The file is plain JSON, read with :mod:`json`:
nothing in it is ever executed. Models are found by name in :data:`MODELS`, the one
table of the models a file may name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..i18n import t
from ._fitter import MODEL_FILE_FORMAT, BaseFitter
from .bgbb import BetaGeoBetaBinom
from .gammagamma import GammaGamma
from .gompertz import GammaGompertzNBD
from .mbg import ModifiedBetaGeo
from .models import BetaGeo, ParetoNBD
from .sbg import ShiftedBetaGeo

__all__ = ["MODELS", "load_model"]

#: The models a saved file may name, by class name. A new model adds one line here.
MODELS: dict[str, type[BaseFitter]] = {
    "BetaGeo": BetaGeo,
    "ParetoNBD": ParetoNBD,
    "GammaGamma": GammaGamma,
    "BetaGeoBetaBinom": BetaGeoBetaBinom,
    "ShiftedBetaGeo": ShiftedBetaGeo,
    "ModifiedBetaGeo": ModifiedBetaGeo,
    "GammaGompertzNBD": GammaGompertzNBD,
}


def load_model(path: str | Path) -> Any:
    """A fitted model read back from a file written by its ``save`` method.

    The loaded model has the saved ``params_``, ``loglik_``, ``converged_``,
    ``n_customers_``, ``n_histories_``, ``units_`` (time and money units, as
    saved) and, when they were saved, ``standard_errors_``, ``summary_`` and
    ``covariance_`` (files written before it was kept load without it); its
    predictions equal the saved model's exactly.

    Parameters
    ----------
    path : str or pathlib.Path
        A JSON file written by ``save``.

    Returns
    -------
    BetaGeo, ParetoNBD, GammaGamma or another model of :data:`MODELS`
        The fitted model.

    Raises
    ------
    ValueError
        The file is not a ckmkit model file, names a model this version does not
        know, was written in a newer file format, or gives the model other
        parameters than it has.

    Examples
    --------
    >>> import tempfile
    >>> from ckmkit.value import BetaGeo
    >>> bg = BetaGeo()
    >>> bg.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW's estimates
    >>> bg.loglik_, bg.converged_, bg.n_customers_, bg.n_histories_ = -9582.4, True, 2357, 1800
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = bg.save(f"{folder}/bg.json", time_unit="W")
    ...     loaded = load_model(path)
    >>> loaded.params_ == bg.params_, loaded.units_
    (True, {'time': 'W', 'money': None})
    >>> loaded.expected_purchases_new(39) == bg.expected_purchases_new(39)
    True
    """
    shown = str(path)
    record = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(record, dict) or "model" not in record or "format_version" not in record:
        raise ValueError(t("value.model_file_not_model", path=shown))
    version = record["format_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version > MODEL_FILE_FORMAT:
        raise ValueError(t("value.model_file_newer", path=shown, version=version,
                           supported=MODEL_FILE_FORMAT))
    model_class = MODELS.get(record["model"])
    if model_class is None:
        raise ValueError(t("value.model_file_unknown", path=shown, model=record["model"],
                           choices=", ".join(MODELS)))
    model = model_class()
    model._restore(record, shown)
    return model
