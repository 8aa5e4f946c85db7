"""Shared fixtures: a small built course site (chapter 0, both languages)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build chapter 0 of the site in both languages with docs/site/build.py."""
    pytest.importorskip("myst_nb", reason="the site needs sphinx and myst-nb")
    out = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([sys.executable, str(ROOT / "docs" / "site" / "build.py"), "--out", str(out),
                    "--only", "00"], check=True, capture_output=True, timeout=600)
    return out
