"""pyproject.toml is the single source of dependencies; the wheel carries the data."""

import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge spells a few packages differently from PyPI.
CONDA_NAMES = {"matplotlib": "matplotlib-base", "duckdb": "python-duckdb", "igraph": "python-igraph"}


def _requirement(spec: str) -> tuple[str, str]:
    name, _, bound = re.match(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)", spec).groups()
    return name.lower(), bound.replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra, items in project["optional-dependencies"].items():
        specs += [s for s in items if not s.startswith("ckmkit")]
    return dict(_requirement(s) for s in specs)


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    specs += [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    return dict(_requirement(s) for s in specs if not s.startswith("-e"))


def test_environment_yml_mirrors_pyproject():
    conda = _environment_requirements()
    for name, bound in _pyproject_requirements().items():
        conda_name = CONDA_NAMES.get(name, name)
        assert conda_name in conda, f"{name} is in pyproject.toml but not in environment.yml"
        assert conda[conda_name] == bound, \
            f"{name}: pyproject says {bound}, environment.yml {conda[conda_name]}"
    extra = set(conda) - {CONDA_NAMES.get(n, n) for n in _pyproject_requirements()} - {"python", "pip"}
    assert not extra, f"environment.yml lists packages pyproject.toml does not: {sorted(extra)}"


def _pyproject_groups() -> dict[str, str]:
    """Each package's group: ``core`` or the first extra (in file order) that lists it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"core": project["dependencies"], **project["optional-dependencies"]}
    found: dict[str, str] = {}
    for group, specs in groups.items():
        for spec in specs:
            if not spec.startswith("ckmkit"):
                name = _requirement(spec)[0]
                found.setdefault(CONDA_NAMES.get(name, name), group)
    return found


def _environment_sections() -> dict[str, str]:
    """Each package of environment.yml with the ``# group`` comment it is listed under."""
    sections, section = {}, None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if header := re.fullmatch(r"\s*# (\w+)", line):
            section = header.group(1)
        elif (item := re.match(r"\s*- ([A-Za-z][A-Za-z0-9_.-]*)[<>=]", line)) and section:
            sections[item.group(1).lower()] = section
    return sections


def test_environment_yml_lists_each_extra_in_its_own_section():
    # e.g. the site extra (make site) stays a section of its own, so a conda user can see it
    sections = _environment_sections()
    assert sections["sphinx"] == sections["myst-nb"] == sections["jieba"] == "site"
    assert sections["sphinx-book-theme"] == "site"  # the site's theme, installed by make site
    assert sections == _pyproject_groups()


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert _environment_requirements()["python"] == ">=3.11"


@pytest.mark.slow
@pytest.mark.xdist_group("packaging")
def test_wheel_installed_in_a_clean_venv_loads_every_dataset(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("ckmkit-*.whl"))
    env = tmp_path / "clean"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = next((env / "lib").glob("python3*/site-packages"))
    # Install the wheel alone into the clean venv; borrow only the third-party
    # libraries from the test environment, never its editable ckmkit.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(site), str(wheel)], check=True)
    deps = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "pandas").is_dir())
    (site / "zz_borrowed_deps.pth").write_text(str(deps) + "\n")
    script = (
        "import ckmkit, ckmkit.datasets as d\n"
        "assert '/clean/' in ckmkit.__file__, ckmkit.__file__\n"
        "assert d.load_cdnow('sample').shape == (6919, 4)\n"
        "assert d.load_cdnow('master').shape == (69659, 4)\n"
        "w = d.load_crm_world(); assert len(w.customers) == 2000\n"
        "assert int(d.load_donations()['weights'].sum()) == 11104\n"
        "assert len(d.make_crm_world(60, seed=3).customers) == 60\n"
        "ckmkit.set_language('zh'); print(ckmkit.i18n.t('common.customer'))\n"
    )
    out = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "客户"
