"""Run one notebook in a fresh kernel (the grading runner starts this as a subprocess).

Usage: ``python -m ckmkit.exercises._child NOTEBOOK CWD STATUS_JSON CELL_TIMEOUT``.
The status file is rewritten as the run progresses, so a runner that has to
kill this process still knows which cell hung.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _write(path: Path, status: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str]) -> int:
    import nbformat
    from nbclient import NotebookClient

    nb_path, cwd, status_path, cell_timeout = argv[0], argv[1], Path(argv[2]), float(argv[3])
    nb = nbformat.read(nb_path, as_version=4)
    status: dict = {"cell": None, "kernel_pid": None, "errors": [], "done": False}
    client = NotebookClient(
        nb, timeout=int(cell_timeout), kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, resources={"metadata": {"path": cwd}},
        error_on_timeout={"ename": "CellTimeout", "evalue": f"no result after {cell_timeout:g} s"},
    )

    def started(**_):
        status["kernel_pid"] = getattr(client.km.provisioner, "pid", None)
        _write(status_path, status)

    def cell_start(cell, cell_index, **_):
        status["cell"] = cell_index
        _write(status_path, status)

    def cell_error(cell, cell_index, execute_reply, **_):
        content = execute_reply.get("content", {})
        status["errors"].append({"cell": cell_index, "ename": content.get("ename", "Error"),
                                 "evalue": str(content.get("evalue", ""))[:500]})
        _write(status_path, status)

    client.on_notebook_start, client.on_cell_start = started, cell_start
    client.on_cell_error = cell_error
    try:
        client.execute()
    except Exception as exc:  # the kernel died, or could not start
        status["fatal"] = f"{type(exc).__name__}: {str(exc)[:500]}"
    status["done"] = True
    _write(status_path, status)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
