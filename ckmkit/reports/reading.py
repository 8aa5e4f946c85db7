"""Researchers' files → a pandas DataFrame: CSV in the encodings exports use, Excel, Parquet.

Files are read, never executed: no formulas are evaluated, no macros run, no pickles
are loaded. A CSV is decoded here (so the encoding used can be reported) and then
parsed by pandas' ``pyarrow`` engine when pyarrow is installed, which reads large
logs in parallel, else by pandas' C engine; every CSV cell arrives as text and the
columns the log needs are converted later, one rule per column.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..i18n import t

__all__ = ["Source", "read_table", "ENCODINGS", "FORMATS"]

#: Encodings tried, in this order, for a CSV without a byte-order mark. UTF-8 decodes
#: strictly, so a GBK file almost never passes for UTF-8; GBK comes before GB18030, its
#: superset, so that a plain GBK export is reported as GBK.
ENCODINGS = ("utf-8", "gbk", "gb18030")
#: File name endings and the format each is read as.
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "excel", ".xlsm": "excel",
           ".xls": "excel", ".parquet": "parquet", ".pq": "parquet"}
# A byte-order mark names its encoding; utf-8-sig drops the mark from the first header.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_DELIMITERS = (",", ";", "\t", "|")
#: The delimiter reported for columns aligned with runs of spaces (CDNOW's text files).
WHITESPACE = " "
_SAMPLE = 64 * 1024  # characters of text the delimiter is guessed from


@dataclass(frozen=True)
class Source:
    """What was read: the file, its format and how its text was decoded.

    Attributes
    ----------
    file : str
        The file's name (without its folder), as messages name it.
    format : {"csv", "excel", "parquet"}
        How the file was read.
    encoding : str or None
        The text encoding of a CSV (``"utf-8"``, ``"utf-8-sig"``, ``"gbk"``, ``"gb18030"``,
        ``"utf-16"``); None for other formats.
    delimiter : str or None
        The CSV's field separator; None for other formats.
    sheet : str or None
        The Excel sheet read; None for other formats.
    """

    file: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> tuple[Any, Source]:
    """Read a CSV, Excel or Parquet file into a pandas DataFrame, and say how it was read.

    The format comes from the file's ending (see :data:`FORMATS`). A CSV's encoding is
    found from its byte-order mark, else by trying :data:`ENCODINGS` in order; its
    delimiter (comma, semicolon, tab or bar) is the one that splits the first lines into
    the same number of fields; failing those, runs of spaces (columns aligned as in
    CDNOW). CSV cells are read as text, exactly as written.

    Parameters
    ----------
    path : str or path-like
        The file.
    sheet : str, optional
        The Excel sheet to read; by default the first one.

    Returns
    -------
    (pandas.DataFrame, Source)
        The table, with one row per data row of the file, and what was read.

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        The format is unknown, the file is empty or cannot be decoded or parsed, or the
        sheet does not exist (the message lists the sheets); every message names the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "orders.csv").write_bytes("客户编号;金额\\nA01;12.5\\n".encode("gbk"))
    >>> table, source = read_table(folder / "orders.csv")
    >>> table.to_dict("list"), source.encoding, source.delimiter
    ({'客户编号': ['A01'], '金额': ['12.5']}, 'gbk', ';')
    """
    path = Path(path)
    name = path.name
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(t("report.unknown_format", file=name, suffix=path.suffix or "—",
                           formats=", ".join(FORMATS)))
    if not path.is_file():
        raise FileNotFoundError(t("report.not_found", file=str(path)))
    if sheet is not None and kind != "excel":
        raise ValueError(t("report.sheet_not_excel", file=name, sheet=sheet))
    if kind == "csv":
        frame, source = _read_csv(path)
    elif kind == "excel":
        frame, source = _read_excel(path, sheet)
    else:
        frame, source = _read_parquet(path)
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError(t("report.empty", file=name))
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame, source


def _read_csv(path: Path) -> tuple[Any, Source]:
    """A CSV decoded, its delimiter found, and parsed with every cell as text."""
    text, encoding = _decode(path.read_bytes(), path.name)
    if not text.strip():
        raise ValueError(t("report.empty", file=path.name))
    delimiter = _delimiter(text[:_SAMPLE])
    return _parse_csv(text, delimiter, path.name), Source(path.name, "csv", encoding, delimiter)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding that decoded it: its BOM's, else the first of ENCODINGS."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        for encoding in ENCODINGS:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    raise ValueError(t("report.undecodable", file=name, encodings="UTF-8, UTF-16, GBK, GB18030"))


def _delimiter(sample: str) -> str:
    """The delimiter that splits the sample's lines into equally many fields (the most wins).

    A count over whole rows, not characters: a comma inside a quoted name does not count.
    ``csv.Sniffer`` decides when no delimiter splits every line alike; a comma otherwise.
    """
    if "\n" in sample.rstrip("\r\n"):
        sample = sample[: sample.rstrip("\r\n").rfind("\n")]  # whole lines only
    best, best_fields = None, 1
    for delimiter in _DELIMITERS:
        widths = {len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row}
        if len(widths) == 1 and (fields := widths.pop()) > best_fields:
            best, best_fields = delimiter, fields
    if best is not None:
        return best
    if _splits_on_spaces(sample):
        return WHITESPACE
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return ","


def _splits_on_spaces(sample: str) -> bool:
    """Whether runs of spaces split every line into the same number (two or more) of fields.

    Research logs such as CDNOW's are aligned in columns with spaces, not delimited.
    """
    widths = {len(line.split()) for line in sample.splitlines() if line.strip()}
    return len(widths) == 1 and widths.pop() > 1


def _parse_csv(text: str, delimiter: str, name: str) -> Any:
    """Cells as text; only an empty cell is missing (``"NA"`` may be a name or an id)."""
    import pandas as pd

    sep = r"\s+" if delimiter == WHITESPACE else delimiter
    options = dict(sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    if find_spec("pyarrow") is not None and delimiter != WHITESPACE:  # pyarrow has no regex sep
        try:
            return pd.read_csv(io.BytesIO(text.encode("utf-8")), engine="pyarrow", **options)
        except Exception:  # e.g. a quoted line break: the C engine reads those
            pass
    try:
        return pd.read_csv(io.StringIO(text), engine="c", **options)
    except (pd.errors.ParserError, ValueError) as error:
        raise ValueError(t("report.unreadable", file=name, format="CSV", reason=error)) from None


def _excel_engine(name: str, suffix: str) -> str:
    """python-calamine when installed (fast, reads .xls too), else openpyxl (.xlsx only)."""
    if find_spec("python_calamine") is not None:
        return "calamine"
    if find_spec("openpyxl") is not None and suffix != ".xls":
        return "openpyxl"
    raise ValueError(t("report.no_excel_engine", file=name))


def _read_excel(path: Path, sheet: str | None) -> tuple[Any, Source]:
    """One sheet of a workbook (the first by default); a missing sheet names those there are."""
    import pandas as pd

    engine = _excel_engine(path.name, path.suffix.lower())
    try:
        with pd.ExcelFile(path, engine=engine) as book:
            sheets = [str(s) for s in book.sheet_names]
            chosen = sheets[0] if sheet is None else str(sheet)
            frame = pd.read_excel(book, sheet_name=chosen) if chosen in sheets else None
    except Exception as error:  # each engine raises its own kinds for a broken file
        raise ValueError(t("report.unreadable", file=path.name, format="Excel",
                           reason=error)) from None
    if frame is None:
        raise ValueError(t("report.missing_sheet", file=path.name, sheet=sheet,
                           sheets=", ".join(sheets)))
    # Blank rows, and blank columns without a header, are the sheet's layout, not records.
    blank = [c for c in frame.columns if str(c).startswith("Unnamed:") and frame[c].isna().all()]
    frame = frame.drop(columns=blank).dropna(how="all")
    return frame, Source(path.name, "excel", sheet=chosen)


def _read_parquet(path: Path) -> tuple[Any, Source]:
    """A Parquet file with the types it stores (dates stay dates)."""
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow's ArrowInvalid, OSError, ...
        raise ValueError(t("report.unreadable", file=path.name, format="Parquet",
                           reason=error)) from None
    return frame, Source(path.name, "parquet")
