"""Italian is complete: every string the code and templates mark has a translation."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "it" / "LC_MESSAGES" / "django.po"


def test_italian_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert missing == [], f"untranslated: {missing[:20]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:20]}"
    assert len(catalogue) > 100


def test_italian_catalogue_keeps_placeholders():
    import re

    pattern = re.compile(r"%\(\w+\)[sdf]|\{\{ ?\w+ ?\}\}|%[sd]")
    catalogue = polib.pofile(str(PO))
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
            entry.msgid
        )


def test_catalogue_covers_the_code(tmp_path):
    """Re-extracting the strings finds nothing that the committed catalogue lacks."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        import pytest

        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogue in CI")
        pytest.skip("GNU gettext is not installed")
    work = tmp_path / "project"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(".venv", ".tools", "var", ".git", "node_modules", "*.mo"),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "it",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=.tools",
        ],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(work / "locale" / "it" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    new = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed]
    assert new == [], f"strings missing from the catalogue (run make messages): {new[:20]}"
