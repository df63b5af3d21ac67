"""The decision-maker classifier (English and Italian) and target-market matching."""

import pytest

from scoring.archive.titles import TargetMarket, TargetMatcher, company_key, is_decision_maker


@pytest.mark.parametrize(
    "title",
    [
        "CEO",
        "Chief Executive Officer",
        "Co-Founder & CTO",
        "Founder",
        "Owner",
        "VP Sales EMEA",
        "SVP, Operations",
        "Vice President of Marketing",
        "Director of Sales",
        "Head of Procurement",
        "Sales Head - India",
        "Managing Director",
        "General Manager",
        "Country Manager Italy",
        "Partner",
        "Chairman of the Board",
        "President",
        "Amministratore Delegato",
        "Amministratore unico",
        "Direttore Commerciale",
        "Direttrice Generale",
        "Responsabile Acquisti",
        "Titolare",
        "Socio fondatore",
        "Presidente",
        "Dirigente",
        "Consigliere di amministrazione",
        "Capo reparto",
    ],
)
def test_decision_makers(title):
    assert is_decision_maker(title)


@pytest.mark.parametrize(
    "title",
    [
        "",
        "Account Manager",  # "manager" alone is deliberately not a decision maker
        "Project Manager",
        "Sales Manager",
        "Software Engineer",
        "Executive Assistant to the CEO",
        "Assistente di direzione",
        "Segretaria del Presidente",
        "Product Owner",
        "HR Business Partner",
        "Marketing Intern",
        "Stagista",
        "Aspiring founder",
        "Former CEO at Initech",
        "Headhunter",
        "Impiegato",
        "Consulente",
    ],
)
def test_not_decision_makers(title):
    assert not is_decision_maker(title)


def test_company_key_ignores_legal_form_case_and_accents():
    assert company_key("Acme S.p.A.") == company_key("ACME spa") == "acme"
    assert company_key("Café Srl") == company_key("cafe") == "cafe"
    assert company_key("Globex, Inc.") == "globex"


def test_target_market_matches_companies_and_words():
    market = TargetMarket(
        industries=("Insurance",), companies=("Acme S.p.A.",), keywords=("logistica",)
    )
    match = TargetMatcher(market).matches
    assert match("ACME spa", "Buyer")
    assert match("Umbrella Insurance", "Clerk")
    assert match("Stark", "Responsabile Logistica")
    assert not match("Initech", "Engineer")
    assert not match("Insurancetech", "Engineer")  # whole words only


def test_target_market_from_lines():
    market = TargetMarket.from_lines("Insurance\n\n  Banking \n", ["Acme"])
    assert market.keywords == ("Insurance", "Banking", "Acme")
    assert TargetMatcher(TargetMarket()).empty
