"""The course look, and Chinese text that renders in every figure on any machine.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, and a fresh
machine rarely has a system CJK font. The kit therefore registers Noto Sans SC
(SIL Open Font Licence), which arrives with the pip package ``zhplot``, and puts
it first in the font list, with DejaVu Sans as the fallback for symbols that
Noto Sans SC lacks. Nothing depends on fonts installed on the system.

Plot functions across the kit call :func:`use_cjk_font`, so Chinese renders
even if a notebook never calls :func:`set_theme`.

Examples
--------
>>> from ckmkit import plotting
>>> plotting.CJK_FONT
'Noto Sans SC'
>>> plotting.use_cjk_font()[0]
'Noto Sans SC'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

__all__ = ["CJK_FONT", "PALETTE", "font_path", "use_cjk_font", "set_theme", "new_axes", "thousands",
           "plot_revenue", "figure_png", "canvas_png", "pad_layout"]

#: Family name of the bundled Chinese-capable font.
CJK_FONT = "Noto Sans SC"
_FALLBACK = "DejaVu Sans"

#: Course colours: one hue per customer class, then neutrals (colour-blind safe, Okabe-Ito).
PALETTE: dict[str, str] = {
    "mvc": "#0072B2",
    "mgc": "#009E73",
    "bzc": "#D55E00",
    "other": "#999999",
    "accent": "#E69F00",
    "ink": "#333333",
}


@cache
def font_path() -> Path:
    """Path of the Noto Sans SC font file shipped by ``zhplot``.

    Examples
    --------
    >>> font_path().name
    'NotoSansSC-Regular.ttf'
    >>> font_manager.FontProperties(fname=font_path()).get_name()
    'Noto Sans SC'
    """
    path = Path(str(resources.files("zhplot") / "fonts" / "NotoSansSC-Regular.ttf"))
    if not path.is_file():  # pragma: no cover - only if zhplot changes its layout
        raise FileNotFoundError(f"Noto Sans SC not found at {path}; reinstall zhplot")
    font_manager.fontManager.addfont(str(path))
    return path


def use_cjk_font() -> list[str]:
    """Make sure Chinese renders: register the font and put it first in the family list.

    Idempotent and light: it leaves every other style setting alone.

    Returns
    -------
    list of str
        The sans-serif family list now in force.

    Examples
    --------
    >>> use_cjk_font()[:2]                 # Chinese first, DejaVu Sans for other symbols
    ['Noto Sans SC', 'DejaVu Sans']
    >>> mpl.rcParams["axes.unicode_minus"]  # negative ticks use an ASCII hyphen
    False
    """
    font_path()
    families = [f for f in mpl.rcParams["font.sans-serif"] if f not in (CJK_FONT, _FALLBACK)]
    mpl.rcParams["font.sans-serif"] = [CJK_FONT, _FALLBACK, *families]
    mpl.rcParams["font.family"] = ["sans-serif"]
    # Noto Sans SC has no U+2212 MINUS SIGN; the ASCII hyphen keeps negative ticks clean.
    mpl.rcParams["axes.unicode_minus"] = False
    return list(mpl.rcParams["font.sans-serif"])


def set_theme(style: str = "whitegrid", context: str = "notebook", *,
              palette: Any = None, rc: dict | None = None) -> None:
    """Apply the course theme (seaborn) with Chinese-capable fonts.

    A plain ``seaborn.set_theme()`` resets the font family and brings back
    missing-glyph boxes; this wrapper passes the CJK font to seaborn and
    restores the fallback list afterwards.

    Parameters
    ----------
    style : str, default "whitegrid"
        The seaborn style (``"whitegrid"``, ``"ticks"``, ``"white"``, ...).
    context : str, default "notebook"
        The seaborn scaling context (``"paper"``, ``"notebook"``, ``"talk"``, ``"poster"``).
    palette : seaborn palette, optional
        Colours for plots; by default the course palette (:data:`PALETTE`).
    rc : dict, optional
        Matplotlib settings laid over the course's (``{"figure.dpi": 150}``, say).

    Examples
    --------
    >>> from ckmkit.plotting import set_theme
    >>> set_theme()
    """
    import seaborn as sns

    font_path()
    palette = list(PALETTE.values()) if palette is None else palette
    sns.set_theme(style=style, context=context, palette=palette, font=CJK_FONT,
                  rc={"figure.dpi": 100, **(rc or {})})
    use_cjk_font()


def new_axes(ax=None, figsize: tuple[float, float] = (7.0, 4.0)):
    """Return `ax`, or a fresh Axes on a new figure, with Chinese-capable fonts ready.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        An Axes to draw on; returned as it is.
    figsize : (float, float), default (7.0, 4.0)
        The new figure's width and height in inches, when `ax` is not given.

    Examples
    --------
    >>> ax = new_axes(figsize=(5, 3))
    >>> type(ax).__name__, ax.figure.get_size_inches().tolist()
    ('Axes', [5.0, 3.0])
    >>> new_axes(ax) is ax                  # an Axes passed in is used as it is
    True
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def thousands(axis) -> None:
    """Write an axis's tick labels with thousands separators (``1,500,000``), never ``1.5e6``.

    Parameters
    ----------
    axis : matplotlib Axis
        ``ax.xaxis`` or ``ax.yaxis``.

    Examples
    --------
    >>> ax = new_axes()
    >>> thousands(ax.yaxis)
    >>> ax.yaxis.get_major_formatter()(1_500_000)
    '1,500,000'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    axis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))


def plot_revenue(table, by: str, ax=None):
    """Bar chart of a :meth:`CRMWorld.revenue_by` table, or lines if it is monthly.

    Labels follow the current language (:func:`ckmkit.set_language`).

    Parameters
    ----------
    table : pandas.DataFrame
        ``world.revenue_by(by)`` (columns `by`, ``revenue``) or
        ``world.revenue_by(by, monthly=True)`` (one column per group).
    by : str
        The grouping column, used to translate group names.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from ckmkit.datasets import make_crm_world
    >>> w = make_crm_world(100, seed=1)
    >>> ax = plot_revenue(w.revenue_by("channel"), by="channel")
    >>> ax.get_ylabel()
    'Net revenue (yuan)'
    """
    from .i18n import t

    ax = new_axes(ax)
    what = t(f"world.by.{by}")
    if by in table.columns:  # one bar per group
        names = [t(f"world.{by}.{value}") for value in table[by]]
        ax.bar(names, table["revenue"], color=PALETTE["mvc"])
        ax.set_title(t("world.revenue_title", by=what))
        ax.set_xlabel(what)
    else:  # monthly: one line per group
        for column in table.columns:
            ax.plot(table.index, table[column], marker="o", markersize=3,
                    label=t(f"world.{by}.{column}"))
        ax.legend(title=what)
        ax.set_title(t("world.monthly_title", by=what))
        ax.set_xlabel(t("world.month_axis"))
    ax.set_ylabel(t("world.revenue_axis"))
    thousands(ax.yaxis)
    return ax


def figure_png(figure) -> bytes:
    """`figure` rendered once as PNG bytes, at its own size and resolution.

    Widgets show figures this way, and reports embed them in a self-contained page.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure to render; a constrained layout gets a small margin first.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(2, 1)))[:4]
    b'\\x89PNG'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(pad_layout(figure))
    canvas.draw()
    return canvas_png(canvas)


def pad_layout(figure):
    """Give a constrained layout the margin a notebook's tight bounding box would add (0.1 in).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure; other layouts are left as they are.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> pad_layout(Figure(layout="constrained")).get_layout_engine().get()["w_pad"]
    0.1
    """
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(w_pad=0.1, h_pad=0.1)
    return figure


def canvas_png(canvas) -> bytes:
    """The PNG bytes of an Agg canvas that has been drawn.

    Parameters
    ----------
    canvas : matplotlib.backends.backend_agg.FigureCanvasAgg
        A drawn canvas.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> canvas = FigureCanvasAgg(Figure(figsize=(1, 1)))
    >>> canvas.draw()
    >>> canvas_png(canvas)[:4]
    b'\\x89PNG'
    """
    import io

    from PIL import Image

    size = canvas.get_width_height()
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    # Figures are opaque: RGB encodes faster than RGBA; level 1 is the fastest compression.
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
