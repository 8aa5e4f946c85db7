"""Build the offline course site: ``python docs/site/build.py [--out build/site]``.

For each language, the chapters in ``notebooks/<lang>/`` are copied with a
generated chapter index into a scratch source tree and built by Sphinx +
myst-nb (executing every notebook), into ``<out>/<lang>/``. ``<out>/index.html``
lets the reader choose a language. Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGS = ("en", "zh")

INDEX = {
    "en": ("CRM vs customer knowledge management",
           "A bilingual course: concepts, customer value, customer knowledge, customer "
           "networks and customer engagement value, each chapter with data, interactive tools "
           "and exercises. The pages show each notebook as it runs from a clean start; open the "
           "chapters in JupyterLab (`make lab`) to use the interactive controls.",
           "Chapters"),
    "zh": ("客户关系管理与客户知识管理",
           "一门双语课程：概念、客户价值、客户知识、客户网络与客户参与价值。每一章都包含数据、交互工具和练习。"
           "这些网页展示了每个笔记本从头运行的结果；如需使用交互控件，请在 JupyterLab 中打开各章"
           "（`make lab`）。",
           "章节"),
}

CHOOSER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>ckmkit · CRM vs CKM / 客户关系管理与客户知识管理</title>
<link rel="icon" href="en/_static/ckmkit.svg">
<style>body{{font-family:system-ui,"Noto Sans SC","WenQuanYi Micro Hei",sans-serif;
max-width:40em;margin:4em auto;padding:0 1em}}a{{font-size:1.3em;margin-right:2em}}</style>
</head><body>
<h1>CRM vs customer knowledge management<br>客户关系管理与客户知识管理</h1>
<p>{chapters} chapters · {chapters} 章</p>
<p><a href="en/index.html" hreflang="en">English</a>
<a href="zh/index.html" hreflang="zh-CN">中文</a></p>
</body></html>
"""


def chapters(lang: str, only: list[str] | None = None) -> list[Path]:
    """The chapter notebooks of one language, in order (optionally only some)."""
    found = sorted((ROOT / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb"))
    return [p for p in found if not only or p.stem in only or p.stem[:2] in only]


def _strip_outputs(src: Path, dst: Path) -> None:
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def source_tree(lang: str, scratch: Path, only: list[str] | None = None) -> Path:
    """Write ``<scratch>/<lang>/`` with the chapters and index.md; return it."""
    src = scratch / lang
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    names = []
    for nb in chapters(lang, only):
        _strip_outputs(nb, src / nb.name)
        names.append(nb.stem)
    title, intro, heading = INDEX[lang]
    toc = "\n".join(names)
    (src / "index.md").write_text(
        f"# {title}\n\n{intro}\n\n```{{toctree}}\n:maxdepth: 1\n:caption: {heading}\n\n"
        f"{toc}\n```\n", encoding="utf-8")
    return src


def kit_fingerprint() -> str:
    """A hash of everything that shapes a chapter's outputs besides its code cells.

    myst-nb's execution cache is keyed on the code cells only; a change in the
    package (a widget, a catalogue, a data file) or in the site configuration must
    also run the chapters again.
    """
    digest = hashlib.sha256()
    for folder in (ROOT / "ckmkit", ROOT / "datasets", HERE):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts and p.suffix != ".pyc"):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_language(lang: str, out: Path, scratch: Path, only: list[str] | None = None) -> None:
    """Run Sphinx for one language into ``<out>/<lang>``."""
    src = source_tree(lang, scratch, only)
    env = dict(os.environ, CKMKIT_SITE_LANG=lang, CKMKIT_LANG=lang, CKMKIT_STATIC_WIDGETS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1",
               # The chapters run on this checkout's kit, the one the cache key fingerprints.
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               CKMKIT_SITE_CACHE=str(scratch / f"cache-{lang}-{kit_fingerprint()}"))
    # The kernels' inline backend puts a chapter's figures on its page; with MPLBACKEND=Agg
    # (set here once, or inherited) plots drew nothing and only widget pictures appeared.
    env.pop("MPLBACKEND", None)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(HERE),
           "-d", str(scratch / f"doctrees-{lang}"), str(src), str(out / lang)]
    subprocess.run(cmd, check=True, env=env)
    _drop_template_fragments(out / lang)
    _add_mathjax_if_needed(out / lang)


def _drop_template_fragments(site: Path) -> None:
    """Delete the theme's Jinja macros that Sphinx copies into ``_static`` with its assets.

    They are template sources (``webpack-macros.html``), not pages: a reader who opened one
    would see raw ``{{ pathto(...) }}`` links.
    """
    for fragment in (site / "_static").glob("*macros.html"):
        fragment.unlink()


def _add_mathjax_if_needed(site: Path) -> None:
    """Copy MathJax next to the pages when one of them has math (never load a CDN)."""
    if not any("mathjax/MathJax.js" in p.read_text(encoding="utf-8")
               for p in site.rglob("*.html")):
        return
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise SystemExit("A page has math: pip install jupyter-server-mathjax "
                         "(MathJax served locally).") from None
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(static, site / "_static" / "mathjax", dirs_exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"))
    parser.add_argument("--lang", choices=LANGS, action="append", help="build only this language")
    parser.add_argument("--only", action="append", help="only this chapter (e.g. 00-start-here or 00)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    scratch = out.parent / f"{out.name}-src"
    for stale in scratch.glob("cache-*"):  # caches of earlier versions of the kit
        if not stale.name.endswith(kit_fingerprint()):
            shutil.rmtree(stale)
    for lang in args.lang or LANGS:
        build_language(lang, out, scratch, args.only)
    shutil.rmtree(out / "jupyter_execute", ignore_errors=True)  # myst-nb's scratch copies
    (out / "index.html").write_text(CHOOSER.format(chapters=len(chapters("en", args.only))),
                                    encoding="utf-8")
    print(f"site written to {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
