"""Reading people's job titles and companies: decision makers, target market, co-workers.

The decision-maker classifier reads English and Italian titles. On **"manager"** we
decided deliberately: a bare "manager" (Account Manager, Project Manager, Sales Manager,
"Responsabile" aside) is *not* counted. In sales the word covers individual contributors
far more often than budget holders, and LinkedIn's own signal is "VP+" seniority; counting
every manager would push a typical network to 30-40% "decision makers" and make the factor
meaningless. Managers who run a whole business unit are counted: general manager, country
manager, managing director, and their Italian forms. "Responsabile" (head of a function in
Italian companies) and "Head of" are counted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: for matching, not display."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


_DECISION = [
    # English C-level and ownership
    r"\bc[efiotmsrpd]o\b",
    r"\bchief\b",
    r"\bco-?founder\b",
    r"\bfounder\b",
    r"\bfounding partner\b",
    r"\bowner\b",
    r"\bproprietor\b",
    r"\bpresident\b",
    r"\bchair(?:man|woman|person)?\b",
    r"\bboard member\b",
    r"\bmember of the board\b",
    r"\b(?:s|e|a)?vp\b",
    r"\bvice[- ]president\b",
    r"\bdirector\b",
    r"\bhead\b",
    r"\bpartner\b",
    r"\bgeneral manager\b",
    r"\bcountry manager\b",
    r"\bmanaging (?:director|partner)\b",
    r"\bgm\b",
    r"\bentrepreneur\b",
    # Italian
    r"\bamministratore (?:delegato|unico)\b",
    r"\bamministratrice (?:delegata|unica)\b",
    r"\bdirett(?:ore|rice)\b",
    r"\bdirigente\b",
    r"\bresponsabile\b",
    r"\btitolare\b",
    r"\bsoci[oa]\b",
    r"\bco-?fondat(?:ore|rice)\b",
    r"\bfondat(?:ore|rice)\b",
    r"\b(?:vice ?)?president(?:e|essa)\b",
    r"\bconsiglier[ea]\b",
    r"\bproprietari[oa]\b",
    r"\bimprendit(?:ore|rice)\b",
    r"\bcapo\b",
]
_NOT_DECISION = [
    r"\bassistant\b",
    r"\bassistente\b",
    r"\bsecretary\b",
    r"\bsegretari[oa]\b",
    r"\bintern(?:ship)?\b",
    r"\bstagista\b",
    r"\btirocinante\b",
    r"\baspiring\b",
    r"\bformer\b",
    r"\bex[- ]",
    r"\bstudent\b",
    r"\bstudente(?:ssa)?\b",
    r"\bproduct owner\b",
    r"\bprocess owner\b",
    r"\b(?:hr |business |channel |talent )partner\b",
    r"\bhead ?hunter\b",
    r"\bassociate director\b",
]
_DECISION_RE = re.compile("|".join(_DECISION))
_NOT_DECISION_RE = re.compile("|".join(_NOT_DECISION))


def decision_maker_term(title: str) -> str | None:
    """The words that make ``title`` a decision maker's, or ``None``."""
    folded = fold(title)
    if not folded or _NOT_DECISION_RE.search(folded):
        return None
    match = _DECISION_RE.search(folded)
    return match.group(0) if match else None


def is_decision_maker(title: str) -> bool:
    return decision_maker_term(title) is not None


_LEGAL_SUFFIX = re.compile(
    r"\b(?:inc|llc|ltd|limited|plc|gmbh|ag|sa|s\.?p\.?a|s\.?r\.?l|srls|spa|srl|snc|sas|bv|nv|"
    r"co|corp|corporation|company|group|gruppo)\b\.?"
)


def company_key(name: str) -> str:
    """``Acme S.p.A.`` and ``ACME spa`` are one company."""
    folded = fold(name)
    folded = _LEGAL_SUFFIX.sub(" ", folded)
    folded = re.sub(r"[^\w]+", " ", folded)
    return " ".join(folded.split())


@dataclass(frozen=True)
class TargetMarket:
    """What the trainee sells to: industries, companies, keywords (any may be empty)."""

    industries: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @classmethod
    def from_lines(cls, *texts: str | Iterable[str]) -> TargetMarket:
        """A market from free text, one term per line (the form fields)."""
        terms: list[str] = []
        for text in texts:
            lines = text.splitlines() if isinstance(text, str) else list(text)
            terms.extend(t.strip() for t in lines if t and t.strip())
        return cls(keywords=tuple(terms))

    @property
    def empty(self) -> bool:
        return not (self.industries or self.companies or self.keywords)


class TargetMatcher:
    """Does a connection (company, position) belong to the target market?

    Connections.csv has no industry column, so industries and keywords are matched as
    whole words in the company name and job title; companies by their normalised name.
    """

    def __init__(self, market: TargetMarket) -> None:
        self.companies = {company_key(c) for c in market.companies if company_key(c)}
        words = [fold(t) for t in (*market.industries, *market.keywords) if fold(t)]
        self.words = (
            re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None
        )
        self.empty = not self.companies and self.words is None

    def matches(self, company: str, position: str) -> bool:
        key = company_key(company)
        if key and key in self.companies:
            return True
        if key and any(c in key for c in self.companies if len(c) >= 4):
            return True
        if self.words is None:
            return False
        return bool(self.words.search(fold(f"{company} {position}")))
