"""``import ckmkit`` stays light: heavy libraries load on first use only.

(The import time itself is measured in benchmarks/import_time.py, not here.)
"""

import subprocess
import sys

HEAVY = ("pandas", "numpy", "matplotlib", "seaborn", "networkx", "sklearn", "scipy", "ipywidgets")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_ckmkit_loads_no_heavy_library():
    loaded = _modules_after("import ckmkit; ckmkit.set_language('zh'); ckmkit.i18n.t('common.customer')")
    assert not {m for m in HEAVY if m in loaded}


def test_submodules_load_on_first_use():
    loaded = _modules_after("import ckmkit; ckmkit.datasets")
    assert "ckmkit.datasets" in loaded and "pandas" in loaded
