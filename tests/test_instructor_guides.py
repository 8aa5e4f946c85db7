"""The instructor guides in docs/instructor agree with the course and with the graders.

For every chapter that has an exercise source (``exercises/en/NN-name.ipynb``) there must be an
English and a Chinese guide, ``docs/instructor/NN-name.{en,zh}.md``, with the same sections, a
timing plan whose blocks cover exactly 90 minutes (each class, where a chapter is planned as two: the
second table starts again at 0), and an answer key that the package's own graders accept in full:

- every exercise a chapter checks (in its exercise source or its chapter notebook) is listed once,
  with the points the registry gives it, and the total in the guide's header is their sum;
- each listed answer earns full points from the registered checker; a graded exercise's row names
  no answer (its reference is in the key pack, per student; the package cannot check it);
- the 19-item card sort table gives exactly the key and the half-credit alternatives of
  ``ckmkit/content/card_sort.toml``;
- the English and Chinese guides give identical answers, points and timing blocks.

Answer format the parser reads (see docs/instructor/README.md):

- answer-key table rows ``| # | `exercise.id` | `<python literal>` | points | rationale |``;
- an answer too long for a table cell goes in a fenced ``python`` block whose first line is
  ``# answer: exercise.id``;
- the card sort is the table whose header names the accepted alternatives (``also accepted`` /
  ``也接受``), one row per item: ``| n | item | `A` … | `R` … or — | … |``.

The last tests feed deliberately broken guides to the same checks, so they are shown to fail.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from ckmkit.exercises import registry
from ckmkit.knowledge.content import answer_key, knowledge_types

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "docs" / "instructor"
LANGS = ("en", "zh")

#: Level-2 headings every guide has, in this order.
SECTIONS = {
    "en": ["Objectives", "Timing (90 minutes)", "Discussion prompts", "Answer key with rationales",
           "Common mistakes", "Widgets to demo", "Handing out and grading"],
    "zh": ["学习目标", "课时安排（90 分钟）", "讨论题", "答案与理由", "常见错误", "课堂演示的交互组件",
           "分发与评分"],
}
TIMING, ANSWERS = 1, 3  # positions in SECTIONS
TOTAL = {"en": re.compile(r"(\d+) points in total"), "zh": re.compile(r"总分\s*(\d+)\s*分")}
ACCEPT_HEADER = {"en": "also accepted", "zh": "也接受"}

CHAPTERS = sorted(p.stem for p in (ROOT / "exercises" / "en").glob("[0-9][0-9]-*.ipynb"))
ID = re.compile(r"^`([a-z_]+\.[a-z0-9_]+)`$")
BLOCK = re.compile(r"```python\n# answer: ([a-z_]+\.[a-z0-9_]+)[^\n]*\n(.*?)```", re.S)
CALLS = re.compile(r"""\b(?:check|quiz)\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def guide_path(chapter: str, lang: str) -> Path:
    return GUIDES / f"{chapter}.{lang}.md"


def sections(text: str) -> dict[str, str]:
    """Level-2 heading -> body (up to the next level-2 heading)."""
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def table_rows(body: str) -> list[list[str]]:
    """Cells of every markdown table row in `body` (separator rows dropped)."""
    rows = []
    for line in body.splitlines():
        line = line.strip()
        if line.startswith("|") and not re.fullmatch(r"\|[\s|:-]+\|", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def checked_ids(chapter: str, lang: str) -> set[str]:
    """Exercise ids the chapter's exercise source and chapter notebook check."""
    ids: set[str] = set()
    for folder in ("exercises", "notebooks"):
        path = ROOT / folder / lang / f"{chapter}.ipynb"
        if path.exists():
            nb = json.loads(path.read_text(encoding="utf-8"))
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    ids |= set(CALLS.findall("".join(cell["source"])))
    return ids


def _codes() -> dict[str, str]:
    """Type code (A, F, R, C) -> type id (about, for, from, co-created)."""
    table = knowledge_types("en")
    return dict(zip(table["code"], table["type"], strict=True))


def parse_card_sort(body: str, lang: str) -> tuple[dict[int, str], dict[int, set[str]], list[str]]:
    """Key and accepted alternatives from the card-sort table in the answer-key section."""
    problems: list[str] = []
    codes = _codes()
    key: dict[int, str] = {}
    accept: dict[int, set[str]] = {}
    in_table = False
    for line in body.splitlines():
        if not line.strip().startswith("|"):
            in_table = False
            continue
        cells = table_rows(line)
        if not cells:  # the |---| separator
            continue
        row = cells[0]
        if any(ACCEPT_HEADER[lang] in c.lower() for c in row):
            in_table = True
            continue
        if not in_table or not row[0].isdigit():
            continue
        item = int(row[0])
        found = re.findall(r"`([A-Z])`", row[2])
        if len(found) != 1 or found[0] not in codes:
            problems.append(f"card sort item {item}: key cell {row[2]!r} needs one code in backticks")
            continue
        key[item] = codes[found[0]]
        alts = re.findall(r"`([A-Z])`", row[3])
        unknown = [a for a in alts if a not in codes]
        if unknown:
            problems.append(f"card sort item {item}: unknown type code(s) {unknown}")
        accept[item] = {codes[a] for a in alts if a in codes}
    return key, accept, problems


def _answer_blocks(body: str, problems: list[str]) -> dict[str, object]:
    """``{id: answer}`` from the ``# answer:`` code blocks of an answer-key section."""
    blocks = {}
    for ex_id, src in BLOCK.findall(body):
        try:
            blocks[ex_id] = ast.literal_eval(src.strip())
        except (ValueError, SyntaxError) as exc:
            problems.append(f"{ex_id}: answer block is not a Python literal ({exc})")
    return blocks


def _row_answer(ex_id: str, cell: str, problems: list[str]) -> tuple[bool, object]:
    """(found, answer) from the backticked literal in an answer-key row's answer cell."""
    literal = re.search(r"`([^`]+)`", cell)
    if not literal:
        problems.append(f"{ex_id}: no answer in backticks and no '# answer:' block")
        return False, None
    try:
        return True, ast.literal_eval(literal.group(1))
    except (ValueError, SyntaxError):
        problems.append(f"{ex_id}: answer {literal.group(1)!r} is not a Python literal")
        return False, None


def is_graded(ex_id: str) -> bool:
    """A graded exercise: the guide lists it with its points, its answer is in the key pack."""
    try:
        return bool(registry.get(ex_id).graded)
    except KeyError:
        return False


def parse_answers(text: str, lang: str) -> tuple[dict[str, object], dict[str, float], list[str]]:
    """``{id: answer}``, ``{id: points}`` and parse problems from a guide's answer-key section."""
    problems: list[str] = []
    body = sections(text).get(SECTIONS[lang][ANSWERS], "")
    blocks = _answer_blocks(body, problems)
    answers: dict[str, object] = {}
    points: dict[str, float] = {}
    for row in table_rows(body):
        if len(row) < 5 or not ID.match(row[1]):
            continue
        ex_id = ID.match(row[1]).group(1)
        if ex_id in points:
            problems.append(f"{ex_id} is listed twice")
        try:
            points[ex_id] = float(row[3])
        except ValueError:
            problems.append(f"{ex_id}: points cell {row[3]!r} is not a number")
        if is_graded(ex_id):
            continue
        if ex_id in blocks:
            answers[ex_id] = blocks[ex_id]
        elif ex_id == "knowledge.card_sort":
            key, _, card_problems = parse_card_sort(body, lang)
            problems += card_problems
            answers[ex_id] = key
        else:
            found, answer = _row_answer(ex_id, row[2], problems)
            if found:
                answers[ex_id] = answer
    return answers, points, problems


def timing_blocks(text: str, lang: str) -> list[tuple[int, int]]:
    body = sections(text).get(SECTIONS[lang][TIMING], "")
    blocks = []
    for row in table_rows(body):
        m = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", row[0])
        if m:
            blocks.append((int(m.group(1)), int(m.group(2))))
    return blocks


def timing_classes(blocks: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The blocks split into classes: a block that starts at minute 0 begins a new class."""
    classes: list[list[tuple[int, int]]] = []
    for block in blocks:
        if block[0] == 0 or not classes:
            classes.append([])
        classes[-1].append(block)
    return classes


def timing_problems(text: str, lang: str) -> list[str]:
    """Each class of the timing plan (one, or several for a chapter taught in several classes,
    each table starting again at 0) covers exactly 0–90 minutes without gaps or overlaps."""
    blocks = timing_blocks(text, lang)
    if not blocks:
        return ["no timing table"]
    problems = []
    for number, plan in enumerate(timing_classes(blocks), start=1):
        where = f"class {number}: " if len(timing_classes(blocks)) > 1 else ""
        if sum(b - a for a, b in plan) != 90:
            problems.append(f"{where}timing blocks add up to {sum(b - a for a, b in plan)} minutes, not 90")
        if plan[0][0] != 0 or plan[-1][1] != 90:
            problems.append(f"{where}timing runs {plan[0][0]}–{plan[-1][1]}, not 0–90")
        for (a, b), (c, _) in zip(plan, plan[1:], strict=False):
            if b != c:
                problems.append(f"{where}gap or overlap between the block ending at {b} and the one "
                                f"starting at {c}")
        problems += [f"{where}empty or reversed block {a}–{b}" for a, b in plan if b <= a]
    return problems


def section_problems(text: str, lang: str) -> list[str]:
    found = [h for h in sections(text) if h in SECTIONS[lang]]
    missing = [h for h in SECTIONS[lang] if h not in found]
    problems = [f"missing section '## {h}'" for h in missing]
    if not missing and found != SECTIONS[lang]:
        problems.append(f"sections out of order: {found}")
    return problems


def _grader_problems(answers: dict[str, object], points: dict[str, float]) -> list[str]:
    """Answers the package's graders do not give full points, and points that disagree."""
    problems = [f"{ex_id}: guide says {points[ex_id]} points, grader gives {registry.get(ex_id).points}"
                for ex_id in points if is_graded(ex_id) and points[ex_id] != registry.get(ex_id).points]
    for ex_id, answer in answers.items():
        try:
            exercise = registry.get(ex_id)
        except KeyError:
            problems.append(f"{ex_id} is not a registered exercise")
            continue
        if points.get(ex_id) != exercise.points:
            problems.append(f"{ex_id}: guide says {points.get(ex_id)} points, grader gives {exercise.points}")
        fb = exercise.grade(answer)
        if fb.status != "correct" or fb.points != exercise.points:
            problems.append(f"{ex_id}: the grader gives the guide's answer {fb.points}/{exercise.points} "
                            f"({fb.status}): {fb.message}")
    return problems


def _card_sort_problems(text: str, lang: str) -> list[str]:
    """The guide's card-sort key against the package's."""
    body = sections(text).get(SECTIONS[lang][ANSWERS], "")
    key, accept, _ = parse_card_sort(body, lang)
    truth = answer_key()
    problems = []
    if set(key) != set(truth):
        problems.append(f"card sort lists items {sorted(key)}, the key has {sorted(truth)}")
    for item, entry in truth.items():
        if item in key and key[item] != entry["key"]:
            problems.append(f"card sort item {item}: guide says {key[item]}, key is {entry['key']}")
        if item in accept and accept[item] != set(entry["accept"]):
            problems.append(f"card sort item {item}: guide accepts {sorted(accept[item])}, "
                            f"grader accepts {sorted(entry['accept'])}")
    return problems


def key_problems(text: str, lang: str, chapter: str) -> list[str]:
    """Everything wrong with a guide's answer key, compared with the package's graders."""
    answers, points, problems = parse_answers(text, lang)
    expected = checked_ids(chapter, lang)
    for ex_id in sorted(expected - set(points)):
        problems.append(f"{ex_id} is checked in the chapter but missing from the answer key")
    for ex_id in sorted(set(points) - expected):
        problems.append(f"{ex_id} is in the answer key but the chapter never checks it")
    problems += _grader_problems(answers, points)
    total = TOTAL[lang].search(text.split("\n## ", 1)[0])
    if not total:
        problems.append("the header does not state the total points")
    elif points and int(total.group(1)) != sum(points.values()):
        problems.append(f"header says {total.group(1)} points in total, "
                        f"the key adds up to {sum(points.values()):g}")
    if "knowledge.card_sort" in points:
        problems += _card_sort_problems(text, lang)
    return problems


def all_problems(text: str, lang: str, chapter: str) -> list[str]:
    return section_problems(text, lang) + timing_problems(text, lang) + key_problems(text, lang, chapter)


# --- the real guides -------------------------------------------------------------------------


def test_chapters_found():
    assert len(CHAPTERS) >= 5 and CHAPTERS[0].startswith("00-")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_both_guides_and_an_index_entry(chapter):
    index = (GUIDES / "README.md").read_text(encoding="utf-8")
    for lang in LANGS:
        assert guide_path(chapter, lang).is_file(), f"missing {guide_path(chapter, lang).name}"
        assert f"({chapter}.{lang}.md)" in index, f"README.md does not link {chapter}.{lang}.md"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_sections_timing_and_key(chapter, lang):
    path = guide_path(chapter, lang)
    if not path.is_file():
        pytest.fail(f"missing {path.name}")
    assert all_problems(path.read_text(encoding="utf-8"), lang, chapter) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_languages_agree_on_keys_points_and_timing(chapter):
    texts = {lang: guide_path(chapter, lang).read_text(encoding="utf-8") for lang in LANGS}
    parsed = {lang: parse_answers(texts[lang], lang)[:2] for lang in LANGS}
    assert parsed["en"] == parsed["zh"]
    assert timing_blocks(texts["en"], "en") == timing_blocks(texts["zh"], "zh")


# --- the checks can fail ---------------------------------------------------------------------

CARD_SORT = next(c for c in CHAPTERS if c.startswith("03-"))


def _guide(chapter: str, lang: str = "en") -> str:
    return guide_path(chapter, lang).read_text(encoding="utf-8")


def test_a_wrong_card_sort_key_is_caught():
    text = _guide(CARD_SORT)
    row = re.search(r"^\| 3 \|[^\n]*`C`[^\n]*$", text, flags=re.M).group(0)  # card-sort row
    broken = text.replace(row, row.replace("`C`", "`R`", 1), 1)
    problems = key_problems(broken, "en", CARD_SORT)
    assert any("card sort item 3" in p for p in problems)
    assert any("knowledge.card_sort: the grader gives" in p for p in problems)


def test_a_missing_alternative_is_caught():
    text = _guide(CARD_SORT, "zh")
    row = re.search(r"^\| 17 \|[^\n]*`R`[^\n]*$", text, flags=re.M).group(0)
    cells = row.split("|")
    cells[4] = " — "
    problems = key_problems(text.replace(row, "|".join(cells), 1), "zh", CARD_SORT)
    assert any("card sort item 17" in p for p in problems)


@pytest.mark.parametrize("chapter", CHAPTERS[1:])
def test_a_wrong_answer_or_points_is_caught(chapter):
    text = _guide(chapter)
    answers, points, _ = parse_answers(text, "en")
    for row in re.findall(r"^\|[^\n]*$", text, flags=re.M):  # first row with an inline answer
        cells = row.split("|")
        if len(cells) > 5 and ID.match(cells[2].strip()) and "`" in cells[3]:
            ex_id = ID.match(cells[2].strip()).group(1)
            break
    cells[4] = f" {points[ex_id] + 1:g} "
    problems = key_problems(text.replace(row, "|".join(cells), 1), "en", chapter)
    assert any(f"{ex_id}: guide says" in p for p in problems)
    assert any("points in total" in p for p in problems)
    literal = re.search(r"`([^`]+)`", cells[3]).group(1)
    wrong = repr("not the answer") if isinstance(answers[ex_id], (int, float)) else repr(0.123)
    problems = key_problems(text.replace(row, row.replace(f"`{literal}`", f"`{wrong}`", 1), 1), "en", chapter)
    assert any(f"{ex_id}: the grader gives" in p for p in problems)


def test_a_dropped_exercise_and_a_bad_timing_are_caught():
    chapter = CHAPTERS[1]
    text = _guide(chapter)
    first = next(iter(parse_answers(text, "en")[1]))
    row = re.search(rf"^\|[^\n]*`{re.escape(first)}`[^\n]*\n", text, flags=re.M).group(0)
    without_row = text.replace(row, "", 1)
    assert any("missing from the answer key" in p for p in key_problems(without_row, "en", chapter))
    a, b = timing_blocks(text, "en")[-1]
    assert timing_problems(text.replace(f"| {a}–{b} |", f"| {a}–{b + 5} |", 1), "en")
    second = text.replace(f"| {a}–{b} |", f"| {a}–{b} | end of class 1 |\n| 0–45 |", 1)  # stops early
    assert [p for p in timing_problems(second, "en") if p.startswith("class 2")]
    assert not [p for p in timing_problems(second, "en") if p.startswith("class 1")]
    heading = "## " + SECTIONS["en"][-1]
    assert section_problems(text.replace(heading, "## Grading", 1), "en")
