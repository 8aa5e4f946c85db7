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


def _add_report(sub, h) -> None:
    r = _command(sub, "report", h)
    r.add_argument("input", help=h("input"))
    r.add_argument("--out", required=True, help=h("report_out"))
    r.add_argument("--lang", default=h.lang, choices=["en", "zh"], help=h("report_lang"))
    for role in ("customer-id", "date", "amount", "quantity", "unit-price", "invoice", "status"):
        r.add_argument(f"--{role}", metavar="COL",
                       help=h("role", role=h("role_" + role.replace("-", "_"))))
    r.add_argument("--costs", metavar="FILE", help=h("costs"))
    r.add_argument("--referrals", metavar="FILE", help=h("referrals"))
    r.add_argument("--sheet", metavar="NAME", help=h("sheet"))
    r.add_argument("--holdout", metavar="PERIOD", help=h("holdout"))
    r.add_argument("--time-unit", default="W", choices=["D", "W", "M"], help=h("time_unit"))
    r.set_defaults(func=_report)


class _Help:
    """The help texts in one language: ``h("key")`` is ``t("cli.key")`` in `lang`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        from .i18n import t

        return t(f"cli.{key}", lang=self.lang, **values)

    def formatter(self, prog: str) -> argparse.HelpFormatter:
        """argparse's formatter with its one fixed English word, "usage:", in `lang`."""
        usage = self("usage")

        class Formatter(argparse.HelpFormatter):
            def add_usage(self, text, actions, groups, prefix=None):
                super().add_usage(text, actions, groups, usage if prefix is None else prefix)

        return Formatter(prog)


def _help_language(argv: Sequence[str]) -> str:
    """The language of the help: the value of ``--lang`` anywhere in `argv`, else the session's.

    The session's language is ``CKMKIT_LANG`` (default English), as for every message of
    the kit; ``--lang`` is read before parsing, since the help is written while parsing.
    """
    from .i18n import LANGUAGES, get_language

    for k, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and k + 1 < len(argv):
            value = argv[k + 1]
        if value in LANGUAGES:
            return value
    return get_language()


def _new_parser(h: _Help, parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """`parser` with argparse's section titles and its -h option in the help's language."""
    parser._positionals.title = h("positionals")  # argparse has no public setter for these
    parser._optionals.title = h("options")
    parser.add_argument("-h", "--help", action="help", help=h("help"))
    return parser


def _command(sub, name: str, h: _Help, help_key: str | None = None) -> argparse.ArgumentParser:
    """A sub-command `name`, its help under ``cli.<help_key or name>``."""
    text = h(help_key or name)
    return _new_parser(h, sub.add_parser(name, help=text, description=text, add_help=False,
                                         formatter_class=h.formatter))


def _add_exercises(sub, h: _Help) -> None:
    exsub = _command(sub, "exercises", h).add_subparsers(dest="action", required=True,
                                                         title=h("commands"))
    b = _command(exsub, "build", h)
    b.add_argument("--src", default="exercises", help=h("src"))
    b.add_argument("--out", default="build/student", help=h("build_out"))
    b.add_argument("--variants", action="store_true", help=h("variants"))
    b.add_argument("--roster", help=h("roster"))
    b.add_argument("--salt", default=os.environ.get(SALT_ENV, ""), help=h("salt", env=SALT_ENV))
    b.set_defaults(func=_build)
    k = _command(exsub, "keys", h)
    k.add_argument("--src", default="exercises", help=h("src"))
    k.add_argument("--out", default="keys", help=h("keys_out"))
    k.add_argument("--roster", help=h("keys_roster"))
    k.add_argument("--salt", default=os.environ.get(SALT_ENV, ""), help=h("keys_salt", env=SALT_ENV))
    k.add_argument("--chapter", action="append", help=h("chapter_repeat"))
    k.add_argument("--jobs", "-j", type=int, default=1, help=h("jobs_keys"))
    k.set_defaults(func=_keys)
    ls = _command(exsub, "list", h)
    ls.add_argument("--src", default="exercises", help=h("src"))
    ls.add_argument("--section", help=h("section"))
    ls.add_argument("--lang", default=h.lang, choices=["en", "zh"], help=h("lang"))
    ls.set_defaults(func=_list)


def _add_grade(sub, h: _Help) -> None:
    g = _command(sub, "grade", h)
    g.add_argument("submissions", help=h("submissions"))
    g.add_argument("--out", default="grades", help=h("grade_out"))
    g.add_argument("--src", default="exercises", help=h("grade_src"))
    g.add_argument("--timeout", type=float, default=120.0, help=h("timeout"))
    g.add_argument("--cell-timeout", type=float, default=30.0, help=h("cell_timeout"))
    g.add_argument("--jobs", "-j", type=int, default=1, help=h("jobs_grade"))
    g.add_argument("--chapter", help=h("chapter"))
    g.add_argument("--lang", default=h.lang, choices=["en", "zh"], help=h("grade_lang"))
    g.add_argument("--keys", help=h("grade_keys"))
    g.add_argument("--manual", help=h("manual"))
    g.add_argument("--lms", action="append", choices=["canvas", "moodle"], help=h("lms"))
    g.add_argument("--roster", help=h("grade_roster"))
    g.set_defaults(func=_grade)


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line, its help in `lang`."""
    h = _Help(lang)
    p = _new_parser(h, argparse.ArgumentParser(prog="ckmkit", description=h("description"),
                                               add_help=False, formatter_class=h.formatter))
    sub = p.add_subparsers(dest="command", required=True, title=h("commands"))
    _add_exercises(sub, h)
    _add_grade(sub, h)
    _add_report(sub, h)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ckmkit`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``ckmkit``, e.g. ``["grade", "submissions/"]``; default
        those on the command line. ``ckmkit --help`` lists the commands; the help and
        the default ``--lang`` are in the language of ``--lang`` when given, else of
        ``CKMKIT_LANG`` (English by default).

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
    concepts.ckm_styles       3  Gibbert 等提出的五种客户知识管理方式
    ...
    0
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(_help_language(argv)).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
