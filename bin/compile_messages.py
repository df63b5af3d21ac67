"""Compile every locale/**/*.po into .mo with polib (no GNU gettext needed)."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for po_path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po"):
    if ".venv" in po_path.parts:
        continue
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        continue
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
