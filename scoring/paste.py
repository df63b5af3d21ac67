"""Read LinkedIn's SSI page from text the member selected, copied and pasted.

Pure: text in, ``ParsedSsi`` out, or ``PasteError`` saying what is missing. The labels
of each language live in ``LANGUAGES``; adding a language is one more entry.

How the page reads once pasted: the total ("Current Social Selling Index" then "67" and
"out of 100"), the four pillars, each a label with its score before or after it (on the
same line or the next), "Industry SSI rank" / "Network SSI rank" followed by "Top 5%",
and the peer groups ("People in your industry have an average SSI of 31"). Those peer
numbers are read only as averages, never as the member's own score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

PILLARS = ("brand", "people", "insights", "relationships")
SIX_PLACES = Decimal("0.000001")
TOTAL_TOLERANCE = Decimal("1.5")
MAX_CHARS = 200_000


@dataclass(frozen=True)
class PageLabels:
    """The words of the SSI page in one language (lower case, matched as substrings)."""

    pillars: dict[str, tuple[str, ...]]
    total: tuple[str, ...]
    industry_rank: tuple[str, ...]
    network_rank: tuple[str, ...]
    industry_peers: tuple[str, ...]
    network_peers: tuple[str, ...]
    average: tuple[str, ...]
    #: Words that follow a score and give its maximum ("out of 100"), removed before reading.
    out_of: tuple[str, ...]


LANGUAGES: dict[str, PageLabels] = {
    "en": PageLabels(
        pillars={
            "brand": ("establish your professional brand",),
            "people": ("find the right people",),
            "insights": ("engage with insights",),
            "relationships": ("build relationships",),
        },
        total=("current social selling index", "your social selling index score", "current ssi"),
        industry_rank=("industry ssi rank",),
        network_rank=("network ssi rank",),
        industry_peers=("people in your industry",),
        network_peers=("people in your network",),
        average=("average ssi of", "average ssi is", "average ssi"),
        out_of=("out of",),
    ),
    "it": PageLabels(
        pillars={
            "brand": ("stabilire un brand professionale", "stabilisci il tuo brand professionale"),
            "people": ("trovare le persone giuste", "trova le persone giuste"),
            "insights": (
                "interagire con le informazioni rilevanti",
                "interagisci con le informazioni rilevanti",
                "interagire con gli insight",
            ),
            "relationships": (
                "costruire relazioni solide",
                "costruisci relazioni solide",
                "costruire relazioni",
            ),
        },
        total=("social selling index attuale", "ssi attuale"),
        industry_rank=("posizione ssi nel settore", "classifica ssi del settore"),
        network_rank=("posizione ssi nella rete", "classifica ssi della rete"),
        industry_peers=("persone del tuo settore", "persone nel tuo settore"),
        network_peers=("persone della tua rete", "persone nella tua rete"),
        average=("ssi medio di", "ssi medio pari a", "ssi medio è", "ssi medio"),
        out_of=("su",),
    ),
}

PILLAR_LABELS_EN = {p: LANGUAGES["en"].pillars[p][0].capitalize() for p in PILLARS}

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d+)?)(?![\w%]|[.,]\d)")
_RANK = re.compile(r"\btop\s*(\d{1,3})\s*%", re.IGNORECASE)


class PasteError(ValueError):
    """The text is not a readable SSI page; ``str()`` says what is missing.

    ``code`` names the problem (``empty``, ``too_long``, ``not_ssi``, ``missing_pillars``,
    ``out_of_range``, ``total_mismatch``) and ``params`` its details, so that the
    interface can say it in the member's language.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        missing: tuple[str, ...] = (),
        params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.missing = missing
        self.params = params or {}


@dataclass(frozen=True)
class ParsedSsi:
    language: str
    brand: Decimal
    people: Decimal
    insights: Decimal
    relationships: Decimal
    page_total: Decimal | None = None
    industry_rank: int | None = None
    network_rank: int | None = None
    industry_average: Decimal | None = None
    network_average: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, p) for p in PILLARS), Decimal(0)).quantize(SIX_PLACES)

    def pillars(self) -> dict[str, Decimal]:
        return {p: getattr(self, p) for p in PILLARS}


def _normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _to_decimal(raw: str) -> Decimal:
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        raise PasteError(f"Not a number: {raw}", code="not_ssi") from None


def _strip_out_of(text: str, labels: PageLabels) -> str:
    """Drop the maxima that follow a score ("out of 100", "su 25", "/100")."""
    for word in labels.out_of:
        text = re.sub(rf"\b{word}\s*(?:25|100)\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"/\s*(?:25|100)\b", " ", text)


def _numbers(text: str, labels: PageLabels) -> list[tuple[int, Decimal]]:
    """(position, value) of each number in the text, skipping "out of 100"-style maxima."""
    text = _strip_out_of(text, labels)
    return [(m.start(), _to_decimal(m.group(1))) for m in _NUMBER.finditer(text)]


def _find_line(lines: list[str], needles: tuple[str, ...], start: int = 0) -> tuple[int, int, int]:
    """(line index, start, end) of the first needle found at or after ``start``; -1 if none."""
    for index in range(start, len(lines)):
        lowered = lines[index].lower()
        for needle in needles:
            pos = lowered.find(needle)
            if pos >= 0:
                return index, pos, pos + len(needle)
    return -1, -1, -1


def _is_number_line(line: str, labels: PageLabels) -> Decimal | None:
    """The number of a line that holds nothing else (bar a maximum like "out of 100")."""
    text = _strip_out_of(line, labels)
    found = [_to_decimal(m.group(1)) for m in _NUMBER.finditer(text)]
    residue = re.sub(r"[\d.,\s]", "", text)
    if len(found) == 1 and len(residue) <= 3:
        return found[0]
    return None


def _language(lines: list[str]) -> str:
    text = "\n".join(lines).lower()
    scores = {
        code: sum(1 for names in labels.pillars.values() if any(n in text for n in names))
        for code, labels in LANGUAGES.items()
    }
    best = max(scores, key=lambda code: scores[code])
    if scores[best] == 0:
        raise PasteError(
            "This does not look like LinkedIn's SSI page: none of the four pillar names "
            "was found. Open your SSI page, select everything (Ctrl+A), copy and paste it here.",
            code="not_ssi",
            missing=PILLARS,
        )
    return best


def _pillar_candidates(
    lines: list[str], labels: PageLabels, key: str
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The pillar's score read (same line, after the label, before the label).

    The label may also appear in help text around the scores: the first occurrence
    with a number beside it wins.
    """
    index = -1
    while True:
        index, start, end = _find_line(lines, labels.pillars[key], index + 1)
        if index < 0:
            return None, None, None
        line = lines[index]
        after = _numbers(line[end:], labels)
        before = _numbers(line[:start], labels)
        same = after[0][1] if after else (before[-1][1] if before else None)
        next_value = _is_number_line(lines[index + 1], labels) if index + 1 < len(lines) else None
        prev_value = _is_number_line(lines[index - 1], labels) if index > 0 else None
        if (same, next_value, prev_value) != (None, None, None):
            return same, next_value, prev_value


def _read_pillars(lines: list[str], labels: PageLabels, page_total: Decimal | None) -> dict:
    candidates = {key: _pillar_candidates(lines, labels, key) for key in PILLARS}
    absent = [k for k, (s, n, p) in candidates.items() if s is None and n is None and p is None]
    readings = {}
    for orientation in (1, 2):  # the number after each label, or before it
        values = {k: c[0] if c[0] is not None else c[orientation] for k, c in candidates.items()}
        if all(v is not None for v in values.values()):
            readings[orientation] = values
    if not readings:
        found = {k: c[0] if c[0] is not None else (c[1] or c[2]) for k, c in candidates.items()}
        missing = tuple(k for k in PILLARS if found[k] is None)
        missing = missing or tuple(absent)
        names = ", ".join(f'"{PILLAR_LABELS_EN[k]}"' for k in missing)
        raise PasteError(
            f"Some pillar scores are missing from the pasted text: {names}. "
            "Copy the whole SSI page, including the four components of your score.",
            code="missing_pillars",
            missing=missing,
            params={"pillars": names},
        )
    if len(readings) == 2 and page_total is not None:
        # Both layouts give four numbers: trust the one that adds up to the page's total.
        def gap(values: dict) -> Decimal:
            return abs(sum(values.values()) - page_total)

        return min(readings.values(), key=gap)
    return readings.get(1) or readings[2]


def _read_total(lines: list[str], labels: PageLabels, peer_lines: set[int]) -> Decimal | None:
    index, _start, end = _find_line(lines, labels.total)
    if index < 0:
        return None
    same = _numbers(lines[index][end:], labels)
    if same:
        return same[0][1]
    for offset in (1, 2):
        j = index + offset
        if j < len(lines) and j not in peer_lines:
            value = _is_number_line(lines[j], labels)
            if value is not None:
                return value
    return None


def _read_rank(lines: list[str], needles: tuple[str, ...]) -> int | None:
    index, _start, end = _find_line(lines, needles)
    if index < 0:
        return None
    for j, text in enumerate([lines[index][end:], *lines[index + 1 : index + 3]]):
        match = _RANK.search(text)
        if match:
            return int(match.group(1))
        if j == 0 and _NUMBER.search(text):
            break
    return None


def _read_average(
    lines: list[str], labels: PageLabels, needles: tuple[str, ...]
) -> tuple[Decimal | None, set[int]]:
    """The peer group's average SSI and the lines it used (so nothing else reads them)."""
    index, _start, end = _find_line(lines, needles)
    if index < 0:
        return None, set()
    window = range(index, min(len(lines), index + 5))
    for j in window:
        text = lines[j] if j != index else lines[j][end:]
        lowered = text.lower()
        for phrase in labels.average:
            pos = lowered.find(phrase)
            if pos < 0:
                continue
            rest = _numbers(text[pos + len(phrase) :], labels)
            if rest:
                return rest[0][1], set(range(index, j + 1))
            if j + 1 < len(lines):
                value = _is_number_line(lines[j + 1], labels)
                if value is not None:
                    return value, set(range(index, j + 2))
    return None, {index}


def parse_ssi_page(text: str) -> ParsedSsi:
    """Read the SSI page; ``PasteError`` says plainly what could not be found."""
    if not text or not text.strip():
        raise PasteError("The text is empty. Paste the whole SSI page.", code="empty")
    if len(text) > MAX_CHARS:
        raise PasteError("The text is too long to be an SSI page.", code="too_long")
    lines = _normalise(text)
    code = _language(lines)
    labels = LANGUAGES[code]

    industry_average, industry_lines = _read_average(lines, labels, labels.industry_peers)
    network_average, network_lines = _read_average(lines, labels, labels.network_peers)
    peer_lines = industry_lines | network_lines
    page_total = _read_total(lines, labels, peer_lines)
    pillars = _read_pillars(lines, labels, page_total)

    out_of_range = [k for k, v in pillars.items() if not Decimal(0) <= v <= Decimal(25)]
    if out_of_range:
        names = ", ".join(f'"{PILLAR_LABELS_EN[k]}" ({pillars[k]})' for k in out_of_range)
        raise PasteError(
            f"A pillar score must be between 0 and 25: {names}.",
            code="out_of_range",
            missing=tuple(out_of_range),
            params={"pillars": names},
        )
    if page_total is not None and not Decimal(0) <= page_total <= Decimal(100):
        page_total = None
    computed = sum(pillars.values(), Decimal(0))
    if page_total is not None and abs(computed - page_total) > TOTAL_TOLERANCE:
        raise PasteError(
            f"The page's total ({page_total}) does not match the sum of the pillars read "
            f"({computed:.2f}); the text may be cut. Copy the whole page again.",
            code="total_mismatch",
            params={"total": str(page_total), "sum": f"{computed:.2f}"},
        )
    return ParsedSsi(
        language=code,
        page_total=page_total,
        industry_rank=_valid_rank(_read_rank(lines, labels.industry_rank)),
        network_rank=_valid_rank(_read_rank(lines, labels.network_rank)),
        industry_average=_valid_average(industry_average),
        network_average=_valid_average(network_average),
        **{k: v.quantize(SIX_PLACES) for k, v in pillars.items()},
    )


def _valid_rank(value: int | None) -> int | None:
    return value if value is not None and 1 <= value <= 100 else None


def _valid_average(value: Decimal | None) -> Decimal | None:
    if value is None or not Decimal(0) <= value <= Decimal(100):
        return None
    return value.quantize(Decimal("0.01"))
