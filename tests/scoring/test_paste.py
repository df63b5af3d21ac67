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
