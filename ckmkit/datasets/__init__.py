"""Bundled data sets and the synthetic CRM world.

=====================  ==============================================================
:func:`load_cdnow`     CDNOW purchase logs (sample or master), tidy transactions
:func:`make_crm_world` a seeded synthetic CRM world for teaching
:func:`load_crm_world` the bundled snapshot of ``make_crm_world()`` (default seed)
=====================  ==============================================================

Each bundled data set has a data card in ``datasets/<name>/README.md``.
"""

from .cdnow import load_cdnow
from .crm_world import CRMWorld, load_crm_world, make_crm_world

__all__ = ["CRMWorld", "load_cdnow", "load_crm_world", "make_crm_world"]
