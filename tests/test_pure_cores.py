"""The pure cores stay pure: no models, no settings, no database, no clock.

Read from the source with ``ast`` (nothing is imported or run): every import of a pure
module, and every module of the project it imports in turn, must be pure too; a call
that reads the clock (``datetime.now()``, ``timezone.now()``, ``date.today()``,
``time.time()``...) fails the test wherever it stands in the file. Time is an argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("accounts", "scoring", "coaching", "config", "outbox")

#: The pure cores: dataclasses and plain values in, the same out. (``accounts/validation.py``
#: is not one: its checks take today as an argument, but its field validators, which forms
#: and serializers call with the value alone, read the clock to know today.)
PURE = (
    "accounts/localtime.py",
    "scoring/vocabulary.py",
    "scoring/engine.py",
    "scoring/explain.py",
    "scoring/drops.py",
    "scoring/calibration.py",
    "scoring/paste.py",
    "scoring/charts.py",
    "scoring/archive/parsers.py",
    "scoring/archive/reader.py",
    "scoring/archive/dates.py",
    "scoring/archive/titles.py",
    "scoring/archive/table.py",
    "scoring/archive/result.py",
    "scoring/archive/messages.py",
    "scoring/archive/parse.py",
    "coaching/risk.py",
    "coaching/planner.py",
    "coaching/forecast.py",
    "coaching/streaks.py",
    "coaching/conditions.py",
    "coaching/catalogue.py",
    "coaching/labels.py",
    "coaching/reminders/rules.py",
    "coaching/reminders/schedule.py",
)

#: What a pure module may never import (a module, or anything below it).
FORBIDDEN_MODULES = ("django.db", "django.conf", "django.contrib", "django.http", "celery")
#: The clock, as ``<name>.<call>()``.
CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("timezone", "now"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
}
CLOCK_NAMES = {("time", "time"), ("time", "monotonic"), ("time", "perf_counter")}


def module_of(path: str) -> str:
    name = path.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def file_of(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every module the file imports (absolute names, relative ones resolved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_of(str(path.relative_to(ROOT)))
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            # ``from . import engine`` names a module too.
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def problems_of(path: Path) -> list[str]:
    source = path.read_text()
    tree = ast.parse(source, filename=str(path))
    rel = path.relative_to(ROOT)
    problems = []
    for module, line in imports_of(path):
        if module.startswith(FORBIDDEN_MODULES) or module.split(".")[-1] == "models":
            problems.append(f"{rel}:{line} imports {module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in CLOCK_CALLS:
                problems.append(f"{rel}:{node.lineno} reads the clock ({name}.{node.func.attr})")
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            for alias in node.names:
                if ("time", alias.name) in CLOCK_NAMES:
                    problems.append(f"{rel}:{node.lineno} imports the clock (time.{alias.name})")
    return problems


def project_imports(path: Path) -> set[Path]:
    """The project's own files that ``path`` imports (and the packages they sit in)."""
    found = set()
    for module, _line in imports_of(path):
        if not module.startswith(PROJECT):
            continue
        parts = module.split(".")
        for end in range(1, len(parts) + 1):
            target = file_of(".".join(parts[:end]))
            if target is not None and target != path:
                found.add(target)
    return found


@pytest.mark.parametrize("path", PURE)
def test_the_pure_core_exists(path):
    assert (ROOT / path).exists(), f"{path} is listed as pure but is not there"


@pytest.mark.parametrize("path", PURE)
def test_a_pure_core_imports_nothing_impure_and_never_reads_the_clock(path):
    pure = {ROOT / p for p in PURE}
    seen: set[Path] = set()
    todo = [ROOT / path]
    problems = []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        problems += problems_of(current)
        for target in project_imports(current):
            # A package's __init__ on the way is checked like the module itself.
            if target in pure or target.name == "__init__.py":
                todo.append(target)
            else:
                problems.append(
                    f"{current.relative_to(ROOT)} imports {target.relative_to(ROOT)}, "
                    "which is not a pure core"
                )
    assert not problems, "\n".join(problems)


def test_the_checker_catches_what_it_looks_for(tmp_path, monkeypatch):
    """The rules themselves can fail: a file with each fault is reported for each."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    bad = tmp_path / "scoring" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "from datetime import date, datetime\n"
        "from time import monotonic\n"
        "from django.conf import settings\n"
        "from django.db.models import Q\n"
        "from .models import Thing\n"
        "def f():\n"
        "    return datetime.now(), date.today()\n"
    )
    found = "\n".join(problems_of(bad))
    for expected in (
        "imports django.conf",
        "imports django.db.models",
        "imports scoring.models",
        "datetime.now",
        "date.today",
        "time.monotonic",
    ):
        assert expected in found
