"""Plain words for the engine's factors and the parser's errors, in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import engine
from .paste import ParsedSsi, PasteError
from .vocabulary import FACTOR_HOW_ABOUT, FACTOR_LABEL_ABOUT, FACTOR_TEXT, PILLAR_NAMES


def format_value(key: str, value: float) -> str:
    if key in engine.SHARE_FACTORS:
        return f"{round(value * 100)}%"
    if key == "profile_updated_90d":
        return _("yes") if value >= 1 else _("no")
    value = round(value, 1)
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


def explanation_context(result: engine.EstimateResult, *, own: bool = True) -> list[dict[str, Any]]:
    """Per pillar, its factors with the most points still available first, in words:
    to the trainee (``own``), or about them on a coach's page."""
    pillars = []
    for pillar in result.pillars:
        factors = []
        for factor in pillar.by_available():
            text = FACTOR_TEXT[factor.key]
            factors.append(
                {
                    "key": factor.key,
                    "label": text.label if own else FACTOR_LABEL_ABOUT.get(factor.key, text.label),
                    "what": text.what,
                    "how": text.how if own else FACTOR_HOW_ABOUT[factor.key],
                    "value": format_value(factor.key, factor.value),
                    "target": format_value(factor.key, factor.target),
                    "weight": factor.weight,
                    "points": factor.points,
                    "available": factor.available,
                    "percent": round(factor.progress * 100),
                    "done": factor.available < 0.05,
                }
            )
        for item in factors:
            item["pillar"] = PILLAR_NAMES[pillar.key]
            item["pillar_key"] = pillar.key
        pillars.append(
            {
                "key": pillar.key,
                "name": PILLAR_NAMES[pillar.key],
                "points": pillar.points,
                "available": pillar.available,
                "factors": factors,
            }
        )
    return pillars


def top_actions(pillars: list[dict[str, Any]], *, count: int = 3) -> list[dict[str, Any]]:
    """The factors with the most points still available, across all pillars: what to do
    first. Factors at target are left out, so a nearly complete estimate lists fewer."""
    open_factors = [f for p in pillars for f in p["factors"] if not f["done"]]
    return sorted(open_factors, key=lambda f: -f["available"])[:count]


def paste_error_message(error: PasteError) -> str:
    """The parser's complaint in the user's language."""
    names = ", ".join(f"“{PILLAR_NAMES[k]}”" for k in error.missing)
    if error.code == "empty":
        return _("The text is empty. Paste the whole SSI page.")
    if error.code == "too_long":
        return _("The text is too long to be an SSI page.")
    if error.code == "missing_pillars":
        return _(
            "Some pillar scores are missing from the pasted text: %(pillars)s. Copy the whole "
            "SSI page, including the four components of your score. Nothing was saved."
        ) % {"pillars": names}
    if error.code == "out_of_range":
        return _("A pillar score must be between 0 and 25: %(pillars)s. Nothing was saved.") % {
            "pillars": names
        }
    if error.code == "total_mismatch":
        return (
            _(
                "The page's total (%(total)s) does not match the sum of the pillars read "
                "(%(sum)s); the text may be cut. Copy the whole page again. Nothing was saved."
            )
            % error.params
        )
    return _(
        "This does not look like LinkedIn's SSI page: none of the four pillar names was "
        "found. Open your SSI page, select everything (Ctrl+A), copy and paste it here. "
        "Nothing was saved."
    )


def _paste_field_names() -> dict[str, str]:
    return {
        "page_total": _("Total shown on the page"),
        "industry_rank": _("Industry SSI rank"),
        "network_rank": _("Network SSI rank"),
        "industry_average": _("Industry average"),
        "network_average": _("Network average"),
    }


def paste_found_message(parsed: ParsedSsi) -> str:
    """Which fields of the page were read and which were not, in the user's language."""
    names = _paste_field_names()
    found = [str(PILLAR_NAMES[k]) for k in ("brand", "people", "insights", "relationships")]
    found += [str(names[f]) for f in parsed.found()]
    message = _("Found: %(found)s.") % {"found": ", ".join(found)}
    missing = [str(names[f]) for f in parsed.not_found()]
    if missing:
        message += " " + _("Not found (fill them in below if you wish): %(missing)s.") % {
            "missing": ", ".join(missing)
        }
    return message
