"""Refresh the bundled CRM-world snapshot: ``python -m ckmkit.datasets``."""

from ._files import data_dir
from .crm_world import make_crm_world

for written in make_crm_world().save(data_dir() / "crm_world"):
    print(written)
