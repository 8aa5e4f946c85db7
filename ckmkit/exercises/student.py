"""Make student versions of exercise sources: solutions out, checks and hints kept.

Sources mark solutions the nbgrader way::

    ### BEGIN SOLUTION
    top20_share = revenue.iloc[:400].sum() / revenue.sum()
    ### END SOLUTION

In a code cell the block becomes one stub per name the rest of the notebook
uses (``top20_share = ...  # YOUR ANSWER HERE``), so the student version runs
top to bottom and each check says "not answered yet". In a markdown cell it
becomes a prompt in the notebook's language. ``### BEGIN HIDDEN TESTS`` blocks
and cells tagged ``instructor`` disappear. See ``docs/EXERCISES.md``.

Examples
--------
>>> src = "x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION\\n"
>>> print(strip_code(src, used={"answer"}), end="")
x = 1
answer = ...  # YOUR ANSWER HERE
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..i18n import t

__all__ = [
    "BEGIN", "END", "find_sources", "solution_blocks", "strip_code", "strip_markdown",
    "student_notebook", "build", "source_language", "hidden_blocks",
]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
STUB = "  # YOUR ANSWER HERE"
INSTRUCTOR_TAG = "instructor"
_BLOCK = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(END)}[^\n]*(\n|$)",
                    re.M | re.S)
_HIDDEN = re.compile(rf"^[ \t]*{re.escape(HIDDEN_BEGIN)}[^\n]*\n(.*?)"
                     rf"^[ \t]*{re.escape(HIDDEN_END)}[^\n]*(\n|$)", re.M | re.S)


def find_sources(root: str | Path = "exercises") -> list[Path]:
    """Every exercise source, ``<root>/{en,zh}/*.ipynb``, sorted.

    Parameters
    ----------
    root : str or Path, default "exercises"
        The folder holding ``en/`` and ``zh/``.

    Examples
    --------
    >>> [p.name for p in find_sources("/nonexistent")]
    []
    """
    root = Path(root)
    return sorted(p for lang in ("en", "zh") for p in (root / lang).glob("*.ipynb")
                  if not p.name.startswith("."))


def source_language(path: str | Path) -> str:
    """The language of a source from its folder name (``en`` or ``zh``).

    Parameters
    ----------
    path : str or Path
        A source notebook's path.

    Examples
    --------
    >>> source_language("exercises/zh/00-start-here.ipynb")
    'zh'
    """
    parent = Path(path).parent.name
    return parent if parent in ("en", "zh") else "en"


def solution_blocks(source: str) -> list[str]:
    """The text inside every solution block of one cell's source.

    Parameters
    ----------
    source : str
        One cell's source.

    Examples
    --------
    >>> solution_blocks("a\\n### BEGIN SOLUTION\\nb = 2\\n### END SOLUTION\\n")
    ['b = 2\\n']
    """
    return [m.group(2) for m in _BLOCK.finditer(source)]


def hidden_blocks(source: str) -> list[str]:
    r"""The code inside every hidden-tests block of one cell's source, dedented.

    Parameters
    ----------
    source : str
        One cell's source.

    Examples
    --------
    >>> hidden_blocks("check('a', x)\n### BEGIN HIDDEN TESTS\nassert x > 0\n### END HIDDEN TESTS\n")
    ['assert x > 0\n']
    """
    return [textwrap.dedent(m.group(1)) for m in _HIDDEN.finditer(source)]


def _assigned(block: str) -> list[str]:
    """Names a code block assigns at its top level, in order."""
    try:
        tree = ast.parse(textwrap.dedent(block))
    except SyntaxError:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return list(dict.fromkeys(names))


def _stub(indent: str, block: str, used: set[str] | None) -> str:
    names = _assigned(block)
    wanted = [n for n in names if used is None or n in used] or names[-1:]
    if not wanted:
        return f"{indent}{'return ...' if indent else '...'}{STUB}\n"
    return "".join(f"{indent}{name} = ...{STUB}\n" for name in wanted)


def strip_code(source: str, used: set[str] | None = None) -> str:
    """Replace solution blocks by stubs and drop hidden tests in a code cell.

    Parameters
    ----------
    source : str
        The cell's source.
    used : set of str, optional
        Names the rest of the notebook reads; only those get a stub (all
        assigned names when None, the last one when none is used).
    """
    result = _BLOCK.sub(lambda m: _stub(m.group(1), m.group(2), used), _HIDDEN.sub("", source))
    return result if source.endswith("\n") else result.rstrip("\n")


def strip_markdown(source: str, lang: str) -> str:
    """Replace solution blocks in a markdown cell by a prompt in `lang`.

    Parameters
    ----------
    source : str
        The cell's source.
    lang : {"en", "zh"}
        Language of the prompt that replaces each solution.

    Examples
    --------
    >>> strip_markdown("Q?\\n### BEGIN SOLUTION\\nBecause.\\n### END SOLUTION\\n", "en")
    'Q?\\n*Write your answer here.*\\n'
    """
    prompt = t("exercises.student.write_here", lang=lang)
    return _BLOCK.sub(lambda m: f"{m.group(1)}{prompt}\n", _HIDDEN.sub("", source))


def _names_read(sources: Iterable[str]) -> set[str]:
    names: set[str] = set()
    for src in sources:
        try:
            tree = ast.parse(_BLOCK.sub("", src))
        except SyntaxError:  # IPython magics and the like
            names |= set(re.findall(r"[A-Za-z_]\w*", _BLOCK.sub("", src)))
            continue
        names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Load)}
    return names


def _student_cell(cell: Any, lang: str, used: set[str]) -> Any:
    """One cell of the student copy: solutions out, outputs and grading settings cleared."""
    meta = cell.get("metadata", {}).get("ckmkit")
    if isinstance(meta, dict):
        meta.pop("grading", None)  # how a graded answer is compared stays on the instructor's side
    if cell.cell_type == "code":
        # A student copy travels (Downloads, a class folder): it cannot take its language
        # from a notebooks/zh folder, so it names it.
        cell.source = strip_code(cell.source, used).replace(
            "ckmkit.setup()", f'ckmkit.setup("{lang}")')
        cell.outputs, cell.execution_count = [], None
    elif cell.cell_type == "markdown":
        cell.source = strip_markdown(cell.source, lang)
    return cell


def _use_variant(cells: list, token: str) -> None:
    """Append ``use_variant(token)`` to the setup cell, so the data cells load this student's data."""
    for cell in cells:
        if cell.cell_type == "code" and "ckmkit.setup(" in cell.source:
            cell.source += f'\nfrom ckmkit.exercises import use_variant\nuse_variant("{token}")'
            return


def student_notebook(nb: Any, lang: str, chapter: str, variant: str | None = None) -> Any:
    """A student copy of a source notebook (an ``nbformat`` node), outputs cleared.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The source notebook (not changed).
    lang : {"en", "zh"}
        The notebook's language, written into its setup cell and metadata.
    chapter : str
        The chapter, e.g. ``"00-start-here"``, written into its metadata for grading.
    variant : str, optional
        A student's variant token (:func:`ckmkit.exercises.variants.variant_token`): the
        setup cell then calls ``use_variant(token)``, so this student's data is their own.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION"),
    ...     nbformat.v4.new_code_cell("check('demo.x', x)")])
    >>> student_notebook(nb, "en", "demo").cells[0].source
    'x = ...  # YOUR ANSWER HERE'

    The setup cell names the language, since a copy may be opened from any folder:

    >>> nb.cells.insert(0, nbformat.v4.new_code_cell("import ckmkit\\nckmkit.setup()"))
    >>> student_notebook(nb, "zh", "demo").cells[0].source
    'import ckmkit\\nckmkit.setup("zh")'
    """
    import copy

    out = copy.deepcopy(nb)
    used = _names_read(c.source for c in out.cells if c.cell_type == "code")
    out.cells = [_student_cell(cell, lang, used) for cell in out.cells
                 if INSTRUCTOR_TAG not in cell.get("metadata", {}).get("tags", [])]
    if variant:
        _use_variant(out.cells, variant)
    out.metadata["ckmkit"] = {"chapter": chapter, "lang": lang, "version": "student"}
    return out


def build(src: str | Path = "exercises", out: str | Path = "build/student", *,
          roster: Sequence[str] = (), salt: str = "") -> list[Path]:
    """Write the student version of every source into ``<out>/<lang>/``.

    With a `roster`, every student gets their own copies, ``<out>/<lang>/<student>/<file>``,
    each with the student's variant (per-student data; see :mod:`ckmkit.exercises.variants`).

    Parameters
    ----------
    src : str or Path, default "exercises"
        The folder of sources, ``<src>/{en,zh}/*.ipynb``.
    out : str or Path, default "build/student"
        Where the student versions go, as ``<out>/<lang>/<file>``.
    roster : sequence of str, default ()
        Student ids for per-student variants; default one common version.
    salt : str, default ""
        The course's salt, which makes each student's variant token; the key pack must
        be built with the same salt.

    Returns
    -------
    list of Path
        The files written, sorted.
    """
    import nbformat

    from .report import safe_filename
    from .variants import variant_token

    written = []
    for path in find_sources(src):
        lang = source_language(path)
        nb = nbformat.read(path, as_version=4)
        copies = {safe_filename(s): variant_token(s, salt) for s in roster} or {"": None}
        for folder, token in copies.items():
            target = Path(out) / lang / folder / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(student_notebook(nb, lang, path.stem, token), target)
            written.append(target)
    return sorted(written)
