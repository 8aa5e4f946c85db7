"""Shared fixtures: a small built course site, Debian's Chromium, and JupyterLab on 127.0.0.1."""

import os
import socket
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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and other evidence of the browser tests go."""
    folder = ROOT / "build" / "test-artifacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not Path(CHROMIUM).exists():
        # Developers may skip the browser tests; CI must run them.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "Debian chromium is not installed (make system-packages)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a one-off token, serving a copy of the chapters."""
    import secrets
    import shutil
    import time
    import urllib.request

    root = tmp_path_factory.mktemp("lab")
    for lang in ("en", "zh"):
        shutil.copytree(ROOT / "notebooks" / lang, root / lang,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    token, port = secrets.token_hex(16), _free_port()
    cmd = [str(Path(sys.executable).with_name("jupyter-lab")), "--no-browser",
           "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           f"--LabApp.workspaces_dir={root / '.workspaces'}",
           f"--LabApp.user_settings_dir={root / '.settings'}",
           f"--config={ROOT / '.ci' / 'jupyter_offline_config.py'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline")
    log = (tmp_path_factory.mktemp("lablog") / "lab.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start")
    yield {"url": url, "token": token, "root": root}
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
