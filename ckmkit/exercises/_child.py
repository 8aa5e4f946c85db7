"""Run one notebook in a fresh kernel (the grading runner starts this as a subprocess).

Usage: ``python -m ckmkit.exercises._child NOTEBOOK CWD STATUS_JSON CELL_TIMEOUT``.
The status file is rewritten as the run progresses, so a runner that has to
kill this process still knows which cell hung.

A cell that runs past the cell timeout is interrupted. If the kernel is still
busy a moment later (the cell swallows ``KeyboardInterrupt``, e.g. with a bare
``except:`` inside ``while True``), every later cell would wait behind it and
time out too; so the kernel is restarted, the earlier cells that succeeded are
run again without being recorded, and the notebook goes on from the next cell.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from queue import Empty
from typing import Any

TIMEOUT = "CellTimeout"  # ename of a cell stopped after the cell timeout
_GRACE = 3.0  # seconds an interrupted kernel gets to answer, after nbclient waited 4 s for its output


def _write(path: Path, status: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


async def _responsive(kc: Any, seconds: float) -> bool:
    """True if the kernel answers an empty execute request within `seconds`.

    Shell requests are handled one at a time, so the reply only comes once the
    interrupted cell has really stopped.
    """
    msg_id = kc.execute("", silent=True, store_history=False)
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            msg = await kc.shell_channel.get_msg(timeout=left)
        except Empty:
            return False
        if msg["parent_header"].get("msg_id") == msg_id:
            return True
    return False


class _Run:
    """One notebook run: the client, its status file and the cells that succeeded."""

    def __init__(self, nb: Any, cwd: str, status_path: Path, cell_timeout: float) -> None:
        from nbclient import NotebookClient

        self.status_path, self.cell_timeout = status_path, cell_timeout
        self.status: dict = {"cell": None, "kernel_pid": None, "errors": [], "done": False}
        self.succeeded: list[int] = []
        self.replaying = False
        self.client = NotebookClient(
            nb, timeout=max(1, round(cell_timeout)), kernel_name="python3", allow_errors=True,
            interrupt_on_timeout=True, resources={"metadata": {"path": cwd}},
            error_on_timeout={"ename": TIMEOUT, "evalue": f"no result after {cell_timeout:g} s"},
            on_cell_start=self._cell_start, on_cell_error=self._cell_error,
        )

    def _save(self) -> None:
        _write(self.status_path, self.status)

    def _note_kernel(self) -> None:
        self.status["kernel_pid"] = getattr(self.client.km.provisioner, "pid", None)
        self._save()

    def _cell_start(self, cell: Any, cell_index: int, **_: Any) -> None:
        if not self.replaying:
            self.status["cell"] = cell_index
            self._save()

    def _cell_error(self, cell: Any, cell_index: int, execute_reply: dict, **_: Any) -> None:
        if self.replaying:
            return
        content = execute_reply.get("content", {})
        error = {"cell": cell_index, "ename": content.get("ename", "Error"),
                 "evalue": str(content.get("evalue", ""))[:500]}
        if error["ename"] == TIMEOUT:
            error["seconds"] = self.cell_timeout
        self.status["errors"].append(error)
        self._save()

    async def _recover(self) -> None:
        """Restart a kernel stuck in a timed-out cell and replay the cells that succeeded."""
        client = self.client
        await client.km.restart_kernel(now=True)
        await client.kc.wait_for_ready(timeout=client.startup_timeout)
        self._note_kernel()
        self.status["errors"][-1]["restarted"] = True
        self._save()
        self.replaying = True
        try:
            for index in self.succeeded:
                await client.async_execute_cell(client.nb.cells[index], index)
        finally:
            self.replaying = False

    async def execute(self) -> None:
        """Run every cell in order, recovering from cells that will not stop."""
        client = self.client
        async with client.async_setup_kernel():
            self._note_kernel()
            for index, cell in enumerate(client.nb.cells):
                before = len(self.status["errors"])
                await client.async_execute_cell(cell, index)
                if len(self.status["errors"]) == before:
                    self.succeeded.append(index)
                elif (self.status["errors"][-1]["ename"] == TIMEOUT
                      and not await _responsive(client.kc, min(_GRACE, self.cell_timeout))):
                    await self._recover()


def main(argv: list[str]) -> int:
    import nbformat

    nb_path, cwd, status_path, cell_timeout = argv[0], argv[1], Path(argv[2]), float(argv[3])
    run = _Run(nbformat.read(nb_path, as_version=4), cwd, status_path, cell_timeout)
    try:
        asyncio.run(run.execute())
    except Exception as exc:  # the kernel died, or could not start
        run.status["fatal"] = f"{type(exc).__name__}: {str(exc)[:500]}"
    run.status["done"] = True
    run._save()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
