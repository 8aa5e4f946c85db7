"""Where bundled data files are: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..i18n import t

_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def data_dir() -> Path:
    """Folder holding the bundled data sets.

    A wheel carries them as ``ckmkit/_data`` (see ``pyproject.toml``); a source
    checkout or an editable install reads ``datasets/`` beside the package.
    """
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent / "datasets"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(t("datasets.no_data", package=_PACKAGE))


def data_file(*parts: str) -> Path:
    """Path of one bundled file, with a clear error if it is absent."""
    path = data_dir().joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(t("datasets.missing_file", name="/".join(parts), folder=data_dir()))
    return path
