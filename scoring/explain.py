"""Plain words for the engine's factors and the parser's errors, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import engine
from .models import PILLAR_NAMES
from .paste import ParsedSsi, PasteError


@dataclass(frozen=True)
class FactorText:
    label: Promise
    what: Promise
    how: Promise


FACTOR_TEXT: dict[str, FactorText] = {
    "profile_completeness": FactorText(
        gettext_lazy("Profile completeness"),
        gettext_lazy("How much of the profile checklist is done."),
        gettext_lazy(
            "Add what is missing: photo, banner, headline, a summary of 300+ characters, "
            "positions, education, skills, featured items, a custom URL."
        ),
    ),
    "endorsements_received": FactorText(
        gettext_lazy("Endorsements received"),
        gettext_lazy("Skill endorsements on the profile."),
        gettext_lazy(
            "Endorse colleagues for skills you have seen them use; many return the favour."
        ),
    ),
    "recommendations_received": FactorText(
        gettext_lazy("Recommendations received"),
        gettext_lazy("Visible recommendations on the profile."),
        gettext_lazy("Ask two or three clients or colleagues for a short recommendation."),
    ),
    "posts_28d": FactorText(
        gettext_lazy("Posts (28 days)"),
        gettext_lazy("Posts published in the last 28 days."),
        gettext_lazy("Post about your niche about three times a week."),
    ),
    "articles_90d": FactorText(
        gettext_lazy("Articles (90 days)"),
        gettext_lazy("Long-form articles published in the last 90 days."),
        gettext_lazy("Write one article a month on a question your clients ask."),
    ),
    "media_90d": FactorText(
        gettext_lazy("Documents and media (90 days)"),
        gettext_lazy("Documents, slides or videos shared in the last 90 days."),
        gettext_lazy(
            "Share a document that proves your skills, such as a short guide or a case study."
        ),
    ),
    "profile_updated_90d": FactorText(
        gettext_lazy("Profile kept current (90 days)"),
        gettext_lazy("Whether the profile was updated in the last 90 days."),
        gettext_lazy(
            "Update your profile as your experience evolves: a new project, skill or result."
        ),
    ),
    "connections": FactorText(
        gettext_lazy("Connections"),
        gettext_lazy("First-degree connections."),
        gettext_lazy("Connect with experts and buyers in your sector, a few every week."),
    ),
    "decision_maker_share": FactorText(
        gettext_lazy("Decision makers in your network"),
        gettext_lazy("Share of the connections with a decision-making title."),
        gettext_lazy("Favour invitations to heads, directors and owners in your target accounts."),
    ),
    "target_market_share": FactorText(
        gettext_lazy("Connections in your target market"),
        gettext_lazy("Share of the connections in the target industries or companies."),
        gettext_lazy("Search your target industries and connect with the people who buy."),
    ),
    "searches_28d": FactorText(
        gettext_lazy("People searches (28 days)"),
        gettext_lazy("People searches run in the last 28 days."),
        gettext_lazy("Run about five targeted people searches every working day."),
    ),
    "days_active_28d": FactorText(
        gettext_lazy("Days active (28 days)"),
        gettext_lazy("Days with any activity in the last 28 days."),
        gettext_lazy("Spend ten minutes on LinkedIn every working day."),
    ),
    "companies_followed": FactorText(
        gettext_lazy("Companies followed"),
        gettext_lazy("Companies followed."),
        gettext_lazy("Follow your target accounts to see their news and their people."),
    ),
    "comments_28d": FactorText(
        gettext_lazy("Comments (28 days)"),
        gettext_lazy("Comments written in the last 28 days."),
        gettext_lazy("Comment usefully under posts that ask for an opinion, a few a day."),
    ),
    "words_per_comment_90d": FactorText(
        gettext_lazy("Words per comment (90 days)"),
        gettext_lazy("The average length of the comments of the last 90 days."),
        gettext_lazy(
            "Write comments of a sentence or two that add something, not just 'Great post'."
        ),
    ),
    "reactions_28d": FactorText(
        gettext_lazy("Reactions (28 days)"),
        gettext_lazy("Reactions given in the last 28 days."),
        gettext_lazy("React to posts of your network and your buyers."),
    ),
    "reshares_28d": FactorText(
        gettext_lazy("Reshares with commentary (28 days)"),
        gettext_lazy("Posts reshared with an own comment in the last 28 days."),
        gettext_lazy("Reshare one relevant post a week with what you think of it."),
    ),
    "group_engagement_90d": FactorText(
        gettext_lazy("Group participation (90 days)"),
        gettext_lazy("Posts and comments in LinkedIn groups in the last 90 days."),
        gettext_lazy("Join two groups of your sector and take part every other week."),
    ),
    "messages_sent_28d": FactorText(
        gettext_lazy("Messages sent (28 days)"),
        gettext_lazy("Messages sent in the last 28 days."),
        gettext_lazy("Follow up new connections and comments with a short personal message."),
    ),
    "learning_90d": FactorText(
        gettext_lazy("Learning (90 days)"),
        gettext_lazy("LinkedIn Learning courses completed in the last 90 days."),
        gettext_lazy("Complete one short course on your field each quarter."),
    ),
    "new_connections_90d": FactorText(
        gettext_lazy("New connections (90 days)"),
        gettext_lazy("Connections made in the last 90 days."),
        gettext_lazy("Grow your network steadily: five to ten relevant people a week."),
    ),
    "acceptance_rate": FactorText(
        gettext_lazy("Invitations accepted"),
        gettext_lazy("Share of the invitations sent that were accepted."),
        gettext_lazy(
            "Invite people you have a reason to know, with a note; withdraw invitations "
            "pending for over two weeks."
        ),
    ),
    "decision_maker_connections": FactorText(
        gettext_lazy("Decision-maker connections"),
        gettext_lazy("Connections with a decision-making (VP and above) title."),
        gettext_lazy("Connect with senior people in your target accounts."),
    ),
    "conversations_90d": FactorText(
        gettext_lazy("Two-way conversations (90 days)"),
        gettext_lazy("People both written to and heard from in the last 90 days."),
        gettext_lazy(
            "Turn connections into conversations: ask a question, share something useful."
        ),
    ),
    "endorsements_given_90d": FactorText(
        gettext_lazy("Endorsements and recommendations given (90 days)"),
        gettext_lazy("Endorsements and recommendations given in the last 90 days."),
        gettext_lazy("Endorse or recommend people you have worked with."),
    ),
    "coworker_connections": FactorText(
        gettext_lazy("Connections at your company"),
        gettext_lazy("Connections who work at the same company."),
        gettext_lazy("Connect with colleagues in other teams of your company."),
    ),
}
assert set(FACTOR_TEXT) == set(engine.FACTOR_KEYS)


#: The advice on a coach's pages: about the trainee, not to them.
FACTOR_HOW_ABOUT: dict[str, Promise] = {
    "profile_completeness": gettext_lazy(
        "They should add what is missing: photo, banner, headline, a summary of 300+ characters, "
        "positions, education, skills, featured items, a custom URL."
    ),
    "endorsements_received": gettext_lazy(
        "They should endorse colleagues for skills they have seen them use; many return the favour."
    ),
    "recommendations_received": gettext_lazy(
        "They should ask two or three clients or colleagues for a short recommendation."
    ),
    "posts_28d": gettext_lazy("They should post about their niche about three times a week."),
    "articles_90d": gettext_lazy(
        "They should write one article a month on a question their clients ask."
    ),
    "media_90d": gettext_lazy(
        "They should share a document that proves their skills, such as a short guide or a case "
        "study."
    ),
    "profile_updated_90d": gettext_lazy(
        "They should update their profile as their experience evolves: a new project, skill or "
        "result."
    ),
    "connections": gettext_lazy(
        "They should connect with experts and buyers in their sector, a few every week."
    ),
    "decision_maker_share": gettext_lazy(
        "They should favour invitations to heads, directors and owners in their target accounts."
    ),
    "target_market_share": gettext_lazy(
        "They should search their target industries and connect with the people who buy."
    ),
    "searches_28d": gettext_lazy(
        "They should run about five targeted people searches every working day."
    ),
    "days_active_28d": gettext_lazy("They should spend ten minutes on LinkedIn every working day."),
    "companies_followed": gettext_lazy(
        "They should follow their target accounts to see their news and their people."
    ),
    "comments_28d": gettext_lazy(
        "They should comment usefully under posts that ask for an opinion, a few a day."
    ),
    "words_per_comment_90d": gettext_lazy(
        "They should write comments of a sentence or two that add something, not just 'Great post'."
    ),
    "reactions_28d": gettext_lazy("They should react to posts of their network and their buyers."),
    "reshares_28d": gettext_lazy(
        "They should reshare one relevant post a week with what they think of it."
    ),
    "group_engagement_90d": gettext_lazy(
        "They should join two groups of their sector and take part every other week."
    ),
    "messages_sent_28d": gettext_lazy(
        "They should follow up new connections and comments with a short personal message."
    ),
    "learning_90d": gettext_lazy(
        "They should complete one short course on their field each quarter."
    ),
    "new_connections_90d": gettext_lazy(
        "They should grow their network steadily: five to ten relevant people a week."
    ),
    "acceptance_rate": gettext_lazy(
        "They should invite people they have a reason to know, with a note, and withdraw "
        "invitations pending for over two weeks."
    ),
    "decision_maker_connections": gettext_lazy(
        "They should connect with senior people in their target accounts."
    ),
    "conversations_90d": gettext_lazy(
        "They should turn connections into conversations: ask a question, share something useful."
    ),
    "endorsements_given_90d": gettext_lazy(
        "They should endorse or recommend people they have worked with."
    ),
    "coworker_connections": gettext_lazy(
        "They should connect with colleagues in other teams of their company."
    ),
}
#: Factor names that speak to the trainee, as a coach's pages say them.
FACTOR_LABEL_ABOUT: dict[str, Promise] = {
    "coworker_connections": gettext_lazy("Connections at their company"),
    "decision_maker_share": gettext_lazy("Decision makers in their network"),
    "target_market_share": gettext_lazy("Connections in their target market"),
}
assert set(FACTOR_HOW_ABOUT) == set(engine.FACTOR_KEYS)


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
