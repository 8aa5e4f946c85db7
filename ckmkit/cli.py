"""The ``ckmkit`` command: build student versions of exercises, grade submissions, report on a log.

Examples
--------
>>> main(["exercises", "list", "--section", "start"])  # doctest: +ELLIPSIS
start.cdnow_big_spenders  2 ...
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: Environment variable holding the course's salt for per-student variants.
SALT_ENV = "CKMKIT_COURSE_SALT"


def _roster(args: argparse.Namespace) -> list[dict[str, str]]:
    from .exercises.roster import read_roster

    return read_roster(args.roster) if getattr(args, "roster", None) else []


def _build(args: argparse.Namespace) -> int:
    from .exercises.student import build

    if args.variants and not args.roster:
        print("--variants needs --roster roster.csv (one student id per row)", file=sys.stderr)
        return 2
    try:
        roster = [row["student"] for row in _roster(args)] if args.variants else []
    except ValueError as error:  # a roster without ids, or with one id twice
        print(error, file=sys.stderr)
        return 2
    written = build(args.src, args.out, roster=roster, salt=args.salt)
    for path in written:
        print(path)
    print(f"{len(written)} student notebooks in {args.out}", file=sys.stderr)
    return 0 if written else 1


def _keys(args: argparse.Namespace) -> int:
    from .exercises.keys import build_keys

    try:
        written = build_keys(args.src, args.out, roster=[r["student"] for r in _roster(args)],
                             salt=args.salt, chapters=args.chapter or (), jobs=args.jobs)
    except (RuntimeError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    print(f"key pack: {len(written) - 1} exercises in {args.out}", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    from .exercises import exercises
    from .exercises.grading import chapter_exercises
    from .exercises.reading import local

    sections = [args.section] if args.section else sorted(
        {ex.split(".", 1)[0] for ids in chapter_exercises(args.src).values() for ex in ids})
    for section in sections:
        for ex in exercises(section):
            print(f"{ex.id:<24}  {ex.points:g}  {local(ex.title, args.lang)}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .exercises.grading import grade_folder

    def progress(g):
        s = g.submission
        print(f"{s.student}\t{s.path.name}\t{g.points:g}/{g.max_points:g}", flush=True)

    try:
        graded = grade_folder(args.submissions, args.out, timeout=args.timeout,
                              cell_timeout=args.cell_timeout, jobs=args.jobs, source_root=args.src,
                              default_lang=args.lang, chapter=args.chapter, progress=progress,
                              keys=args.keys, manual=args.manual, lms=args.lms or (),
                              roster=_roster(args))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{len(graded)} notebooks graded; scores in {args.out}/scores.csv, "
          f"feedback pages in {args.out}/feedback/", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .i18n import t
    from .reports import build_report

    try:
        report = build_report(
            args.input, lang=args.lang, customer_id=args.customer_id, date=args.date,
            amount=args.amount, quantity=args.quantity, unit_price=args.unit_price,
            invoice=args.invoice, status=args.status, costs=args.costs, referrals=args.referrals,
            sheet=args.sheet, holdout=args.holdout, time_unit=args.time_unit)
    except (ValueError, OSError) as error:  # DataQualityError is a ValueError
        # One line naming the file, column and row; a traceback would only hide it.
        print(str(error).splitlines()[0] if str(error) else repr(error), file=sys.stderr)
        return 2
    paths = report.save(args.out)
    print(t("report.saved", lang=args.lang, files=", ".join(str(p) for p in paths)), file=sys.stderr)
    return 0


def _add_report(sub) -> None:
    r = sub.add_parser("report", help="a researcher's transaction file → report.html, customers.csv "
                                      "(研究者的交易文件 → HTML 报告与客户表)")
    r.add_argument("input", help="CSV, Excel or Parquet file of transactions")
    r.add_argument("--out", required=True, help="folder for report.html, customers.csv, segments.csv")
    r.add_argument("--lang", default="en", choices=["en", "zh"], help="language of the report")
    for role in ("customer-id", "date", "amount", "quantity", "unit-price", "invoice", "status"):
        r.add_argument(f"--{role}", metavar="COL", help=f"the {role.replace('-', ' ')} column "
                                                        "(default: guessed from the names)")
    r.add_argument("--costs", metavar="FILE", help="cost to serve per customer: adds profit")
    r.add_argument("--referrals", metavar="FILE", help="referrer, referred: adds network value")
    r.add_argument("--sheet", metavar="NAME", help="the Excel sheet (default: the first)")
    r.add_argument("--holdout", metavar="PERIOD", help="13W, 90D, 3M or a date (default: last fifth)")
    r.add_argument("--time-unit", default="W", choices=["D", "W", "M"], help="days, weeks or months")
    r.set_defaults(func=_report)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ckmkit", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("exercises", help="exercise sources and student versions")
    exsub = ex.add_subparsers(dest="action", required=True)
    b = exsub.add_parser("build", help="write student versions (solutions removed)")
    b.add_argument("--src", default="exercises", help="folder with en/ and zh/ sources")
    b.add_argument("--out", default="build/student", help="output folder")
    b.add_argument("--variants", action="store_true",
                   help="one notebook per student of --roster, each with the student's own data")
    b.add_argument("--roster", help="CSV with a 'student' column (see docs/EXERCISES.md)")
    b.add_argument("--salt", default=os.environ.get(SALT_ENV, ""),
                   help=f"the course's secret salt for variants (default: ${SALT_ENV})")
    b.set_defaults(func=_build)
    k = exsub.add_parser("keys", help="write the instructor key pack of graded exercises")
    k.add_argument("--src", default="exercises", help="folder with en/ and zh/ sources")
    k.add_argument("--out", default="keys", help="key pack folder (keep it from students)")
    k.add_argument("--roster", help="CSV with a 'student' column: per-student references")
    k.add_argument("--salt", default=os.environ.get(SALT_ENV, ""),
                   help=f"the salt the variant notebooks were built with (default: ${SALT_ENV})")
    k.add_argument("--chapter", action="append", help="only this chapter (repeatable)")
    k.add_argument("--jobs", "-j", type=int, default=1, help="source runs in parallel")
    k.set_defaults(func=_keys)
    ls = exsub.add_parser("list", help="list exercises with their points")
    ls.add_argument("--src", default="exercises")
    ls.add_argument("--section", help="only this section, e.g. value")
    ls.add_argument("--lang", default="en", choices=["en", "zh"])
    ls.set_defaults(func=_list)
    g = sub.add_parser("grade", help="run and grade submitted notebooks")
    g.add_argument("submissions", help="folder: <student>/<notebook>.ipynb or <student>.ipynb")
    g.add_argument("--out", default="grades", help="folder for scores.csv and feedback/")
    g.add_argument("--src", default="exercises", help="exercise sources (to know each chapter)")
    g.add_argument("--timeout", type=float, default=120.0, help="seconds per notebook")
    g.add_argument("--cell-timeout", type=float, default=30.0,
                   help="seconds per cell before it is interrupted (the kernel is restarted "
                        "if the cell ignores the interrupt)")
    g.add_argument("--jobs", "-j", type=int, default=1, help="notebooks graded in parallel")
    g.add_argument("--chapter", help="the assignment, e.g. 00-start-here, for files that do not say")
    g.add_argument("--lang", default="en", choices=["en", "zh"],
                   help="language when a submission does not say")
    g.add_argument("--keys", help="key pack folder: grades the graded exercises")
    g.add_argument("--manual", help="filled-in manual.csv: scores of the open answers")
    g.add_argument("--lms", action="append", choices=["canvas", "moodle"],
                   help="also write a gradebook import file (repeatable)")
    g.add_argument("--roster", help="CSV with 'student' and LMS identity columns")
    g.set_defaults(func=_grade)
    _add_report(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ckmkit`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``ckmkit``, e.g. ``["grade", "submissions/"]``; default
        those on the command line. ``ckmkit --help`` lists the commands.

    Returns
    -------
    int
        The exit status: 0 when all went well, 1 when ``exercises build`` found no
        sources, 2 when ``grade`` found no exercise sources to grade against, no key pack,
        or a bad manual-scores file, when ``exercises keys`` could not run a source, or
        when ``report`` could not read its input.

    Examples
    --------
    >>> main(["exercises", "list", "--section", "concepts", "--lang", "zh"])
    ... # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    concepts.crm_or_ckm  2  CRM、CKM，还是两者都是？
    ...
    0
    """
    args = _parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
