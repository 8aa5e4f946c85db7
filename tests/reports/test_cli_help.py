"""``ckmkit --help`` in the reader's language: ``--lang`` when given, else ``CKMKIT_LANG``."""

from __future__ import annotations

import pytest

from ckmkit.cli import main


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # argparse wraps at the terminal's width


def _help(capsys, argv):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_report_help_follows_lang_option(capsys):
    zh = _help(capsys, ["report", "--help", "--lang", "zh"])
    assert zh.startswith("用法：ckmkit report")
    assert "客户编号所在的列（默认：根据列名推断）" in zh
    assert "显示本帮助并退出" in zh and "show this help" not in zh
    en = _help(capsys, ["report", "--lang=en", "--help"])
    assert en.startswith("usage: ckmkit report")
    assert "the customer id column (default: guessed from the column names)" in en


def test_help_follows_the_environment(capsys, monkeypatch):
    from ckmkit import i18n

    monkeypatch.setattr(i18n, "_session", "zh")  # what CKMKIT_LANG=zh sets at import
    top = _help(capsys, ["--help"])
    assert "研究者的交易文件" in top and "运行并批改提交的笔记本" in top
    assert "位置参数" in _help(capsys, ["grade", "--help"])
    # An explicit --lang wins over the environment.
    assert "the Excel sheet" in _help(capsys, ["report", "--lang", "en", "--help"])


def test_lang_default_is_the_environments(monkeypatch):
    from ckmkit import cli, i18n

    monkeypatch.setattr(i18n, "_session", "zh")
    args = cli._parser(cli._help_language(["report", "log.csv", "--out", "x"])).parse_args(
        ["report", "log.csv", "--out", "x"])
    assert args.lang == "zh"
    assert cli._parser("en").parse_args(["report", "log.csv", "--out", "x"]).lang == "en"


def test_every_help_key_exists_in_both_languages():
    import tomllib
    from pathlib import Path

    import ckmkit

    root = Path(ckmkit.__file__).parent / "locales"
    keys = [set(tomllib.loads((root / lang / "cli.toml").read_text("utf-8"))) for lang in ("en", "zh")]
    assert keys[0] == keys[1] and len(keys[0]) > 40
