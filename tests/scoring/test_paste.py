"""The SSI page parser, on page texts as members paste them (English and Italian)."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.paste import LANGUAGES, PasteError, parse_ssi_page

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_english_page_with_navigation_ranks_and_peer_averages():
    parsed = parse_ssi_page(page("en_full.txt"))
    assert parsed.language == "en"
    assert parsed.pillars() == {
        "brand": Decimal("18.41"),
        "people": Decimal("15.06"),
        "insights": Decimal("14.29"),
        "relationships": Decimal("19.5"),
    }
    assert parsed.total == Decimal("67.26")
    assert parsed.page_total == Decimal("67")
    assert (parsed.industry_rank, parsed.network_rank) == (5, 8)
    assert parsed.industry_average == Decimal("31.00")
    assert parsed.network_average == Decimal("28.00")


def test_english_numbers_before_labels_comma_decimals_no_ranks():
    parsed = parse_ssi_page(page("en_before_no_ranks.txt"))
    assert parsed.brand == Decimal("13.118002")  # all six places kept
    assert parsed.people == Decimal("9.5")
    assert parsed.insights == Decimal("6.25")
    assert parsed.relationships == Decimal("12.1")
    assert parsed.page_total == Decimal("41")
    assert parsed.industry_rank is None and parsed.network_rank is None
    assert parsed.industry_average == Decimal("31") and parsed.network_average == Decimal("44")


def test_italian_page_with_ranks_trailing_spaces_and_comma_decimals():
    parsed = parse_ssi_page(page("it_full.txt"))
    assert parsed.language == "it"
    assert parsed.pillars() == {
        "brand": Decimal("16.82"),
        "people": Decimal("12.40"),
        "insights": Decimal("11.07"),
        "relationships": Decimal("17.9"),
    }
    assert parsed.page_total == Decimal("58")
    assert (parsed.industry_rank, parsed.network_rank) == (5, 12)
    assert (parsed.industry_average, parsed.network_average) == (Decimal("27"), Decimal("35"))


def test_italian_page_on_single_lines_without_ranks():
    parsed = parse_ssi_page(page("it_no_ranks.txt"))
    assert parsed.total == Decimal("52.5")
    assert parsed.page_total == Decimal("52")
    assert parsed.industry_average == Decimal("25")  # "di 25" is an average, not a maximum
    assert parsed.network_average is None and parsed.industry_rank is None


def test_peer_average_is_never_taken_for_the_members_score():
    text = (
        "Social Selling Index\n"
        "People in your industry have an average SSI of 31\n"
        "Current Social Selling Index\n"
        "People in your network have an average SSI of 44\n"
        "Establish your professional brand 10\nFind the right people 10\n"
        "Engage with insights 5\nBuild relationships 5\n"
    )
    parsed = parse_ssi_page(text)
    assert parsed.page_total is None
    assert parsed.total == Decimal("30")
    assert parsed.industry_average == Decimal("31")


@pytest.mark.parametrize(
    ("total", "expected"),
    [("26", (1, 9, 10, 6)), ("35", (9, 10, 6, 10))],
)
def test_layout_ambiguity_is_resolved_by_the_pages_total(total, expected):
    # Labels and numbers alternate: every number could belong to the label before or after.
    text = (
        f"Current Social Selling Index\n{total} out of 100\n"
        "1\nEstablish your professional brand\n9\nFind the right people\n"
        "10\nEngage with insights\n6\nBuild relationships\n10\n"
    )
    parsed = parse_ssi_page(text)
    assert tuple(parsed.pillars().values()) == tuple(Decimal(v) for v in expected)


def test_missing_pillars_are_named():
    with pytest.raises(PasteError) as error:
        parse_ssi_page(page("en_missing.txt"))
    assert error.value.code == "missing_pillars"
    assert error.value.missing == ("insights", "relationships")
    assert '"Engage with insights"' in str(error.value)
    assert '"Build relationships"' in str(error.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n  ", "empty"),
        ("Dear team, the quarterly numbers are 31, 44 and 67. Top 5% of sales!", "not_ssi"),
        ("x" * 200_001, "too_long"),
        (
            "Establish your professional brand 30\nFind the right people 1\n"
            "Engage with insights 1\nBuild relationships 1",
            "out_of_range",
        ),
        (
            "Current Social Selling Index 90 out of 100\nEstablish your professional brand 10\n"
            "Find the right people 10\nEngage with insights 10\nBuild relationships 10",
            "total_mismatch",
        ),
    ],
)
def test_texts_that_are_not_readable_pages(text, code):
    with pytest.raises(PasteError) as error:
        parse_ssi_page(text)
    assert error.value.code == code


@given(st.text(max_size=2000))
def test_any_text_either_parses_or_raises_paste_error(text):
    try:
        parsed = parse_ssi_page(text)
    except PasteError:
        return
    assert all(Decimal(0) <= v <= Decimal(25) for v in parsed.pillars().values())


def test_another_language_is_one_entry():
    from dataclasses import replace

    french = replace(
        LANGUAGES["en"],
        pillars={
            "brand": ("établir votre marque professionnelle",),
            "people": ("trouver les bonnes personnes",),
            "insights": ("échanger des informations",),
            "relationships": ("développer des relations",),
        },
    )
    LANGUAGES["fr"] = french
    try:
        parsed = parse_ssi_page(
            "Établir votre marque professionnelle 12,5\nTrouver les bonnes personnes 10\n"
            "Échanger des informations 8\nDévelopper des relations 9,25"
        )
    finally:
        del LANGUAGES["fr"]
    assert parsed.language == "fr" and parsed.total == Decimal("39.75")


def test_lowercase_labels_and_slash_maximum():
    text = (
        "Current social selling index\n45\n/100\n"
        "establish your professional brand\n11.46\nfind the right people\n10.8\n"
        "engage with insights\n9.41\nbuild relationships\n13.61\n"
        "Industry SSI rank\nTop 21%\nPeople in your industry\nhave an average SSI of 25\n"
    )
    parsed = parse_ssi_page(text)
    assert parsed.page_total == Decimal(45)
    assert parsed.total == Decimal("45.28")
    assert parsed.industry_rank == 21 and parsed.industry_average == Decimal(25)


# --- Reworded pages: property tests ---------------------------------------------------------
#
# Pages written from lists of wordings (those LinkedIn used, and plausible rewordings it
# has not used yet), with navigation noise around them, lines broken anywhere, and either
# decimal separator. The parser must read every field whatever the combination.

from hypothesis import HealthCheck, settings  # noqa: E402

PILLAR_WORDINGS = {
    "en": {
        "brand": [
            "Establish your professional brand",
            "Establishing your professional brand",
            "Build your professional brand",
            "Your professional brand",
        ],
        "people": ["Find the right people", "Finding the right people", "Reach the right contacts"],
        "insights": ["Engage with insights", "Engaging with insights", "Engage with content"],
        "relationships": [
            "Build relationships",
            "Building relationships",
            "Build strong relationships",
        ],
    },
    "it": {
        "brand": [
            "Stabilire un brand professionale",
            "Stabilisci il tuo brand professionale",
            "Crea il tuo marchio professionale",
        ],
        "people": [
            "Trovare le persone giuste",
            "Trova le persone giuste",
            "Trova i contatti giusti",
        ],
        "insights": [
            "Interagire con le informazioni rilevanti",
            "Interagisci con gli insight",
            "Partecipa alle conversazioni",
        ],
        "relationships": [
            "Costruire relazioni solide",
            "Costruisci relazioni",
            "Coltiva relazioni durature",
        ],
    },
}
HEADINGS = {
    "en": {
        "total": ["Current Social Selling Index"],
        "out_of": ["out of 100", "/100", ""],
        "components": ["Four components of your score", "The four components of your score"],
        "industry_rank": [
            "Industry SSI rank\nTop {n}%",
            "Industry SSI rank: Top {n} %",
            "Your industry SSI rank\nTop\n{n}\n%",
            "Industry SSI rank\nYou are in the top {n}%",
        ],
        "network_rank": [
            "Network SSI rank\nTop {n}%",
            "Network SSI rank: top {n}%",
            "Your network SSI rank\nTop\n{n}%",
        ],
        "industry_peers": [
            "People in your industry have an average SSI of {a}",
            "People in the Software Development industry have an average SSI of {a}",
            "People in your industry\nhave an average SSI of\n{a}",
        ],
        "network_peers": [
            "People in your network have an average SSI of {a}",
            "People in your network\nhave an average SSI of {a}",
        ],
        "noise_before": [
            "Skip to main content",
            "Home",
            "My Network",
            "Jobs",
            "Messaging",
            "Notifications",
            "Me",
            "For Business",
            "Try Premium for €0",
            "Sales Navigator",
            "Social Selling Index",
            "Learn more",
        ],
        "noise_after": [
            "See what your peers are doing",
            "About",
            "Accessibility",
            "Help Center",
            "Privacy & Terms",
            "LinkedIn Corporation © 2026",
        ],
    },
    "it": {
        "total": ["Social Selling Index attuale"],
        "out_of": ["su 100", "/100", ""],
        "components": ["Quattro componenti del tuo punteggio", "Le componenti del tuo punteggio"],
        "industry_rank": [
            "Posizione SSI nel settore\nPrimo {n}%",
            "Classifica SSI del settore\nTra i primi\n{n}\n%",
            "Ranking SSI nel tuo settore: primo {n} %",
        ],
        "network_rank": [
            "Posizione SSI nella rete\nPrimo {n}%",
            "Classifica SSI della rete\nTra i primi\n{n}\n%",
        ],
        "industry_peers": [
            "Le persone del tuo settore hanno un SSI medio di {a}",
            "Persone nel settore Sviluppo software\nhanno un SSI medio di\n{a}",
        ],
        "network_peers": [
            "Le persone della tua rete hanno un SSI medio di {a}",
            "Persone nella tua rete\nhanno in media un SSI di {a}",
        ],
        "noise_before": [
            "Passa al contenuto principale",
            "Home",
            "Lavoro",
            "Messaggistica",
            "Notifiche",
            "Tu",
            "Per le aziende",
            "Prova Premium per 0 €",
            "Social Selling Index",
            "Scopri di più",
        ],
        "noise_after": [
            "Guarda cosa fanno i tuoi colleghi",
            "Informazioni",
            "Accessibilità",
            "Centro assistenza",
            "LinkedIn Corporation © 2026",
        ],
    },
}


def _break(line: str, cuts: list[int]) -> str:
    """Break a line at some of its spaces (copying from a browser does it anywhere)."""
    words = line.split(" ")
    if len(words) < 2:
        return line
    out = words[0]
    for index, word in enumerate(words[1:]):
        out += ("\n" if index in cuts else " ") + word
    return out


@st.composite
def ssi_pages(draw):
    lang = draw(st.sampled_from(["en", "it"]))
    words = HEADINGS[lang]
    comma = draw(st.booleans())
    cents = [draw(st.integers(0, 2500)) for _ in range(4)]
    names = ("brand", "people", "insights", "relationships")
    values = {p: Decimal(c) / 100 for p, c in zip(names, cents, strict=True)}
    total = int(sum(values.values()))

    def num(value: Decimal) -> str:
        text = f"{value:.2f}"
        return text.replace(".", ",") if comma else text

    def breaks(text: str) -> str:
        cuts = draw(st.lists(st.integers(0, 8), max_size=2))
        return "\n".join(_break(part, cuts) for part in text.split("\n"))

    ranks = (draw(st.integers(1, 99)), draw(st.integers(1, 99)))
    averages = (draw(st.integers(1, 99)), draw(st.integers(1, 99)))
    noise = draw(st.lists(st.sampled_from(words["noise_before"]), min_size=0, max_size=6))
    lines = [*noise, words["total"][0], str(total), draw(st.sampled_from(words["out_of"]))]
    lines.append(draw(st.sampled_from(words["components"])))
    same_line = draw(st.booleans())
    for pillar in ("brand", "people", "insights", "relationships"):
        label = breaks(draw(st.sampled_from(PILLAR_WORDINGS[lang][pillar])))
        lines.append(
            f"{label} {num(values[pillar])}" if same_line else f"{label}\n{num(values[pillar])}"
        )
    lines.append(breaks(draw(st.sampled_from(words["industry_rank"])).format(n=ranks[0])))
    lines.append(breaks(draw(st.sampled_from(words["industry_peers"])).format(a=averages[0])))
    lines.append(breaks(draw(st.sampled_from(words["network_rank"])).format(n=ranks[1])))
    lines.append(breaks(draw(st.sampled_from(words["network_peers"])).format(a=averages[1])))
    lines += draw(st.lists(st.sampled_from(words["noise_after"]), max_size=4))
    text = "\n".join(line for line in lines if line)
    return lang, text, values, total, ranks, averages


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ssi_pages())
def test_reworded_pages_are_read_whole(page):
    lang, text, values, total, ranks, averages = page
    parsed = parse_ssi_page(text)
    assert parsed.language == lang, text
    assert parsed.pillars() == values, text
    assert parsed.page_total == total, text
    assert (parsed.industry_rank, parsed.network_rank) == ranks, text
    assert (parsed.industry_average, parsed.network_average) == averages, text
    assert parsed.not_found() == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The Italian wordings of the issue, and the English peer sentence.
        (
            "Social Selling Index attuale\n52\nsu 100\nQuattro componenti del tuo punteggio\n"
            "Stabilire un brand professionale\n14,5\nTrovare le persone giuste\n12\n"
            "Interagisci con gli insight\n11,5\nCostruisci relazioni\n14\n"
            "Posizione SSI nel settore\nPrimo 24%\nPosizione SSI nella rete\nTra i primi\n7\n%\n",
            {
                "insights": Decimal("11.5"),
                "relationships": Decimal(14),
                "industry_rank": 24,
                "network_rank": 7,
            },
        ),
        (
            "Establish your professional brand 10\nFind the right people 10\n"
            "Engage with insights 5\nBuild relationships 5\n"
            "People in the Software Development industry have an average SSI of 21\n",
            {"industry_average": Decimal(21), "network_average": None},
        ),
    ],
)
def test_wordings_from_the_issue(text, expected):
    parsed = parse_ssi_page(text)
    for field, value in expected.items():
        assert getattr(parsed, field) == value, field


def test_the_parser_says_which_fields_it_found():
    from django.utils import translation

    from scoring.explain import paste_found_message

    parsed = parse_ssi_page(
        "Establish your professional brand 10\nFind the right people 10\n"
        "Engage with insights 5\nBuild relationships 5\nIndustry SSI rank: Top 5%\n"
    )
    assert parsed.found() == ("industry_rank",)
    assert parsed.not_found() == (
        "page_total",
        "network_rank",
        "industry_average",
        "network_average",
    )
    with translation.override("en"):
        message = paste_found_message(parsed)
    assert "Industry SSI rank" in message and "Network average" in message
    with translation.override("it"):
        message = paste_found_message(parsed)
    assert "non trovat" in message.lower()
