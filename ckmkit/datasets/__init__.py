"""Bundled data sets and the synthetic CRM world.

=====================  ==============================================================
:func:`load_cdnow`     CDNOW purchase logs (sample or master), tidy transactions
:func:`make_crm_world` a seeded synthetic CRM world for teaching
:func:`load_crm_world` the bundled snapshot of ``make_crm_world()`` (default seed)
:func:`load_donations` repeat donations over six yearly opportunities (Fader, Hardie & Shang)
:func:`bundled_file`   where a file of a bundled data set is, for the areas' own loaders
=====================  ==============================================================

Each bundled data set has a data card in ``datasets/<name>/README.md``.
"""

from __future__ import annotations

from pathlib import Path

from ._files import data_file
from .cdnow import load_cdnow
from .crm_world import CRMWorld, load_crm_world, make_crm_world
from .donations import load_donations

__all__ = ["CRMWorld", "bundled_file", "load_cdnow", "load_crm_world", "load_donations",
           "make_crm_world"]


def bundled_file(data_set: str, name: str) -> Path:
    """Path of the file `name` of the bundled data set `data_set`.

    The data sets travel inside the wheel, or sit in ``datasets/`` beside the package
    in a source checkout; this finds the file in either place.

    Parameters
    ----------
    data_set : str
        Folder of the data set, e.g. ``"feedback_corpus"`` (its data card is there too).
    name : str
        File name inside that folder, e.g. ``"feedback_corpus.csv"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        When the file is not bundled.

    Examples
    --------
    >>> bundled_file("customer_records", "customer_records.csv").name
    'customer_records.csv'
    >>> bundled_file("customer_records", "README.md").parent.name
    'customer_records'
    """
    return data_file(data_set, name)
