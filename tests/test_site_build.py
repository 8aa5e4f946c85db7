"""The site build re-runs the chapters when the kit changes (its cache key covers the package)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "docs" / "site" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fingerprint_follows_package_data_and_site_config(tmp_path, monkeypatch):
    build = _build_module()
    for rel, text in {"ckmkit/widgets/core.py": "x = 1\n", "datasets/a.csv": "id\n1\n",
                      "docs/site/conf.py": "html_theme = 'alabaster'\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "HERE", tmp_path / "docs" / "site")
    seen = {build.kit_fingerprint()}
    for rel in ("ckmkit/widgets/core.py", "datasets/a.csv", "docs/site/conf.py"):
        (tmp_path / rel).write_text((tmp_path / rel).read_text() + "# changed\n")
        seen.add(build.kit_fingerprint())
    (tmp_path / "ckmkit" / "widgets" / "__pycache__").mkdir()
    (tmp_path / "ckmkit" / "widgets" / "__pycache__" / "core.cpython-311.pyc").write_bytes(b"0")
    seen.add(build.kit_fingerprint())  # compiled files do not count
    assert len(seen) == 4
