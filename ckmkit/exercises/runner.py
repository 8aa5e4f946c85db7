"""Execute a notebook in a fresh kernel, offline, within time limits; collect its checks.

Each notebook runs in its own process (``ckmkit.exercises._child``) and its own
kernel, with ``CKMKIT_EXERCISE_LOG`` pointing at a private file, so every
``check()`` the notebook makes is recorded. A cell that runs longer than
`cell_timeout` is interrupted and the run goes on; if it ignores the interrupt,
the kernel is restarted and the cells that succeeded before it are run again,
so later cells do not wait behind it. A notebook that is still running after
`timeout` is killed. Network: a private network namespace with
only loopback (``unshare -rn``) where the system allows it, and always a
``sitecustomize`` that refuses connections to other hosts.

Examples
--------
>>> r = run_notebook("/nonexistent.ipynb")
>>> r.failure.startswith("The notebook could not be read")
True
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..i18n import t

__all__ = ["RunResult", "run_notebook", "network_isolation"]

_GUARD = Path(__file__).with_name("_guard")


@dataclass
class RunResult:
    """What happened when a notebook ran.

    Attributes
    ----------
    entries : list of dict
        The check log: one ``{"exercise", "answer", "feedback"}`` per check call.
    errors : list of dict
        Cells that raised: ``{"cell", "ename", "evalue"}``; a cell stopped after
        the cell timeout has ename ``"CellTimeout"``, ``"seconds"``, and
        ``"restarted": True`` when the kernel had to be restarted.
    failure : str or None
        Why the notebook as a whole did not finish (unreadable, killed after the
        time limit, kernel died), in the current language; None if it finished.
    seconds : float
        Wall-clock time.
    last_cell : int or None
        Index of the last cell started (where a killed run stopped).
    """

    entries: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    failure: str | None = None
    seconds: float = 0.0
    last_cell: int | None = None

    @property
    def ok(self) -> bool:
        """True when the notebook ran to the end without a cell error."""
        return self.failure is None and not self.errors


@cache
def network_isolation() -> list[str]:
    """Command prefix giving a child process a loopback-only network, or [] if unavailable."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return []
    cmd = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']
    try:
        ok = subprocess.run(cmd + ["true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return cmd if ok else []


def _read(path: Path) -> tuple[Any, str | None]:
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # bad JSON, not a notebook, unreadable
        return None, t("exercises.run.unreadable", error=f"{type(exc).__name__}: {str(exc)[:200]}")
    return nb, None


def _environment(log: Path, lang: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # The kernel imports the same ckmkit as the grader (a development tree or the installed one),
    # so the checks it records are the ones this process re-grades.
    kit = str(Path(__file__).resolve().parents[2])
    env.update(CKMKIT_EXERCISE_LOG=str(log), MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(_GUARD), kit, env.get("PYTHONPATH")])),
               no_proxy="*", http_proxy="", https_proxy="")
    if lang:
        env["CKMKIT_LANG"] = lang
    return env


def _kill(proc: subprocess.Popen, status: dict) -> None:
    for pid in (status.get("kernel_pid"), proc.pid):
        if pid:
            try:
                os.killpg(int(pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    proc.wait()


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _load_log(path: Path) -> list[dict]:
    entries = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue  # a line cut short when the notebook was killed
    return entries


def run_notebook(path: str | os.PathLike[str], *, lang: str | None = None,
                 timeout: float = 120.0, cell_timeout: float = 30.0,
                 cwd: str | os.PathLike[str] | None = None) -> RunResult:
    """Run the notebook at `path` and return its checks, errors and any failure.

    Parameters
    ----------
    path : path-like
        The notebook (any file name, Chinese included).
    lang : {"en", "zh"}, optional
        Sets ``CKMKIT_LANG`` for the kernel; by default the notebook's folder decides.
    timeout : float
        Seconds before the whole run is killed.
    cell_timeout : float
        Seconds before one cell is interrupted (the run goes on, in a restarted
        kernel if the cell does not stop).
    cwd : path-like, optional
        Working directory of the kernel (default: the notebook's folder).
    """
    start = time.monotonic()
    path = Path(path)
    nb, problem = _read(path)
    if problem:
        return RunResult(failure=problem, seconds=time.monotonic() - start)
    with tempfile.TemporaryDirectory(prefix="ckmkit-run-") as tmp:
        import nbformat

        work, log, status_file = Path(tmp) / "nb.ipynb", Path(tmp) / "log.jsonl", Path(tmp) / "st.json"
        nbformat.write(nb, work)
        cmd = network_isolation() + [sys.executable, "-m", "ckmkit.exercises._child", str(work),
                                     str(cwd or path.parent.resolve()), str(status_file),
                                     str(cell_timeout)]
        proc = subprocess.Popen(cmd, env=_environment(log, lang), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        failure = None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc, _load_json(status_file))
            err = b""
            failure = t("exercises.run.timeout", seconds=f"{timeout:g}",
                        cell=(_load_json(status_file).get("cell") or 0) + 1)
        status = _load_json(status_file)
        if failure is None and not status.get("done"):
            failure = t("exercises.run.died", error=err.decode("utf-8", "replace")[-300:].strip())
        elif failure is None and status.get("fatal"):
            failure = t("exercises.run.died", error=status["fatal"])
        return RunResult(_load_log(log), status.get("errors", []), failure,
                         time.monotonic() - start, status.get("cell"))
