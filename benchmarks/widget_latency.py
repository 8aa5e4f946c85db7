"""How long a student waits after moving a control: every chapter widget, picture included.

A notebook renders each figure a widget displays to a PNG (the inline backend's
``print_figure(figure, "png", bbox_inches="tight")``), and the kit's widgets send PNGs
they render themselves; that rendering often costs more than the analysis, so it is
part of every timing here. Each control is moved back and
forth; the table gives the median update per control.

Run: ``.venv/bin/python benchmarks/widget_latency.py`` (prints a Markdown table).
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent / "value"))

from bench_value import as_in_a_notebook, customer_table  # noqa: E402


def widgets_to_time() -> dict:
    """name -> widget, built on the course data as the chapters build them."""
    from ckmkit import DataQualityWarning, network, value
    from ckmkit.datasets import load_crm_world
    from ckmkit.widgets import world_explorer
    from ckmkit.widgets.network import key_person_what_if, network_explorer
    from ckmkit.widgets.value import retention_what_if, segment_explorer

    world = load_crm_world()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # cancelled orders, reported elsewhere
        profit = value.customer_profitability(world.transactions, world.interactions,
                                              world.customers)
    ties = network.tie_graph(world.ties, world.customers)
    communities = network.detect_communities(ties, seed=1)
    largest = communities[communities < 3].index
    return {
        "world explorer (ch. 0)": world_explorer(world),
        "segment explorer, 100,000 customers (ch. 2)": segment_explorer(customer_table(100_000)),
        "retention what-if (ch. 2)": retention_what_if(),
        "network explorer (ch. 4)": network_explorer(ties.subgraph(largest), communities, runs=200),
        "key-person what-if (ch. 4)": key_person_what_if(world.assignments, profit[["revenue"]]),
    }


def settings(control) -> list:
    """Two values to move a control between."""
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return values[:2] if values[0] != control.value else values[1:3]
    return [control.min, control.max]


def controls_of(widget) -> dict:
    return getattr(widget, "controls", None) or {"group_by": widget.group_by}


def main(moves: int = 6) -> None:
    import ckmkit.widgets.core

    ckmkit.widgets.core.display = as_in_a_notebook
    rows = ["| widget | control | median ms | slowest ms |", "|---|---|---:|---:|"]
    # Outside a kernel, clearing a widget's output prints terminal escapes: keep them out.
    with contextlib.redirect_stdout(io.StringIO()):
        for name, widget in widgets_to_time().items():
            for key, control in controls_of(widget).items():
                times = []
                for value in settings(control) * (moves // 2):
                    start = time.perf_counter()
                    control.value = value
                    times.append(time.perf_counter() - start)
                rows.append(f"| {name} | {key} | {1e3 * statistics.median(times):.0f} | "
                            f"{1e3 * max(times):.0f} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
