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
    #: The heading above the four pillars ("Four components of your score"): below it
    #: the pillars always come in LinkedIn's order, whatever their labels say.
    components: tuple[str, ...] = ()
    #: Words a rank line or a peer sentence uses, matched as word prefixes.
    rank_words: tuple[str, ...] = ()
    industry_words: tuple[str, ...] = ()
    network_words: tuple[str, ...] = ()
    average_words: tuple[str, ...] = ()


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
        components=("components of your score", "four components", "score components"),
        rank_words=("rank", "ranking", "top"),
        industry_words=("industry",),
        network_words=("network",),
        average_words=("average",),
    ),
    "it": PageLabels(
        pillars={
            "brand": ("stabilire un brand professionale", "stabilisci il tuo brand professionale"),
            "people": ("trovare le persone giuste", "trova le persone giuste"),
            "insights": (
                "interagire con le informazioni rilevanti",
                "interagisci con le informazioni rilevanti",
                "interagire con gli insight",
                "interagisci con gli insight",
            ),
            "relationships": (
                "costruire relazioni solide",
                "costruisci relazioni solide",
                "costruire relazioni",
                "costruisci relazioni",
            ),
        },
        total=("social selling index attuale", "ssi attuale"),
        industry_rank=("posizione ssi nel settore", "classifica ssi del settore"),
        network_rank=("posizione ssi nella rete", "classifica ssi della rete"),
        industry_peers=("persone del tuo settore", "persone nel tuo settore"),
        network_peers=("persone della tua rete", "persone nella tua rete"),
        average=("ssi medio di", "ssi medio pari a", "ssi medio è", "ssi medio"),
        out_of=("su",),
        components=("componenti del tuo punteggio", "quattro componenti", "componenti"),
        rank_words=("posizione", "classifica", "ranking", "primo", "primi", "top"),
        industry_words=("settore",),
        network_words=("rete",),
        average_words=("medio", "media"),
    ),
}

PILLAR_LABELS_EN = {p: LANGUAGES["en"].pillars[p][0].capitalize() for p in PILLARS}

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d+)?)(?![\w%]|[.,]\d)")
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3})(?:[.,]\d+)?\s*%")


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

    #: The optional fields of the page, in the order the page shows them.
    OPTIONAL = (
        "page_total",
        "industry_rank",
        "network_rank",
        "industry_average",
        "network_average",
    )

    def found(self) -> tuple[str, ...]:
        """The optional fields read from the page (the four pillars always are)."""
        return tuple(f for f in self.OPTIONAL if getattr(self, f) is not None)

    def not_found(self) -> tuple[str, ...]:
        return tuple(f for f in self.OPTIONAL if getattr(self, f) is None)


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
    scores: dict[str, float] = {
        code: sum(1 for names in labels.pillars.values() if any(n in text for n in names))
        for code, labels in LANGUAGES.items()
    }
    for code, labels in LANGUAGES.items():
        # A page whose pillar labels are all worded differently still has its headings.
        headings = (*labels.components, *labels.total, *labels.industry_rank, *labels.network_rank)
        scores[code] += sum(1 for h in headings if h in text) / 10
    best = max(scores, key=lambda code: scores[code])
    if scores[best] < 1 and not any(c in text for c in LANGUAGES[best].components):
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
        after_label = index + 1
        if (
            after_label < len(lines) - 1
            and len(line.split()) <= 8
            and not line[end:].strip()
            and _label_piece(lines[after_label])
            and not any(n in lines[after_label].lower() for n in labels.total)
        ):
            after_label += 1  # the rest of a label broken over two lines ("solide")
        next_value = (
            _is_number_line(lines[after_label], labels) if after_label < len(lines) else None
        )
        prev_value = _is_number_line(lines[index - 1], labels) if index > 0 else None
        if (same, next_value, prev_value) != (None, None, None):
            return same, next_value, prev_value


def _block_end(line: str, labels: PageLabels) -> bool:
    lowered = line.lower()
    return any(
        n in lowered
        for n in (
            *labels.industry_rank,
            *labels.network_rank,
            *labels.industry_peers,
            *labels.network_peers,
            *labels.total,
        )
    ) or (
        _has_word(line, labels.rank_words)
        and _has_word(line, (*labels.industry_words, *labels.network_words))
    )


def _by_position(lines: list[str], labels: PageLabels) -> list[Decimal] | None:
    """The four scores under the "components" heading, in LinkedIn's fixed order.

    Each pillar is a line of words with its score on the same line or the next one
    (rarely the one before). ``None`` when the heading or four scores are not there.
    """
    start = next(
        (i for i, line in enumerate(lines) if any(c in line.lower() for c in labels.components)),
        -1,
    )
    if start < 0:
        return None
    tokens: list[tuple[str, Decimal | None]] = []
    for line in lines[start + 1 : start + 30]:
        if _block_end(line, labels):
            break
        number = _is_number_line(line, labels)
        if number is not None:
            tokens.append(("N", number))
            continue
        if not re.search(r"[^\W\d_]{2}", line):
            continue
        inline = _numbers(line, labels)
        tokens.append(("LN", inline[-1][1]) if inline else ("L", None))
    for label_first in (True, False):
        values: list[Decimal] = []
        index = 0
        while index < len(tokens) and len(values) < 4:
            kind, value = tokens[index]
            if kind == "LN":
                values.append(value)  # type: ignore[arg-type]
            elif (
                kind == "L"
                and label_first
                and index + 1 < len(tokens)
                and tokens[index + 1][0] == "N"
            ):
                values.append(tokens[index + 1][1])  # type: ignore[arg-type]
                index += 1
            elif (
                kind == "N"
                and not label_first
                and index + 1 < len(tokens)
                and tokens[index + 1][0] == "L"
            ):
                values.append(value)  # type: ignore[arg-type]
                index += 1
            index += 1
        if len(values) == 4:
            return values
    return None


def _read_pillars(lines: list[str], labels: PageLabels, page_total: Decimal | None) -> dict:
    candidates = {key: _pillar_candidates(lines, labels, key) for key in PILLARS}
    unlabelled = [k for k, c in candidates.items() if c == (None, None, None)]
    ordered = _by_position(lines, labels)
    if unlabelled and ordered is not None:
        # A label worded differently: the pillars come in a fixed order under the
        # components heading. The position is trusted only if it agrees with every
        # pillar that was found by its label.
        agrees = all(
            ordered[i] in candidates[k]
            for i, k in enumerate(PILLARS)
            if candidates[k] != (None, None, None)
        )
        if agrees:
            for i, key in enumerate(PILLARS):
                if key in unlabelled:
                    candidates[key] = (ordered[i], None, None)
    absent = [k for k, (s, n, p) in candidates.items() if s is None and n is None and p is None]
    readings = {}
    for orientation in (1, 2):  # the number after each label, or before it
        values = {k: c[0] if c[0] is not None else c[orientation] for k, c in candidates.items()}
        if all(v is not None for v in values.values()):
            readings[orientation] = values
    if (
        not readings
        and ordered is not None
        and all(
            ordered[i] in candidates[k] or candidates[k] == (None, None, None)
            for i, k in enumerate(PILLARS)
        )
    ):
        return dict(zip(PILLARS, ordered, strict=True))
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
    if len(readings) == 2 and ordered is not None:
        # The components block read in order settles which side each score stands on.
        for values in readings.values():
            if [values[k] for k in PILLARS] == ordered:
                return values
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


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line.lower())


def _has_word(line: str, prefixes: tuple[str, ...]) -> bool:
    return any(w.startswith(p) for w in _words(line) for p in prefixes)


def _rank_label(
    line: str, labels: PageLabels, group: tuple[str, ...], exact: tuple[str, ...]
) -> bool:
    lowered = line.lower()
    if any(needle in lowered for needle in exact):
        return True
    # "Ranking SSI nel tuo settore", "Your industry SSI rank": a rank word and the group,
    # but not a peer-average sentence.
    return (
        _has_word(line, labels.rank_words)
        and _has_word(line, group)
        and not _has_word(line, labels.average_words)
    )


def _label_piece(line: str) -> bool:
    """A short line of words without a number: a piece of a label broken over lines."""
    return not re.search(r"\d", line) and len(line.split()) <= 4


def _read_rank(lines: list[str], labels: PageLabels, which: str) -> int | None:
    """The percentage beside the rank's label, whatever words surround it, on the label's
    line or on one of the next lines (``Tra i primi`` / ``24`` / ``%``)."""
    group = labels.industry_words if which == "industry" else labels.network_words
    exact = labels.industry_rank if which == "industry" else labels.network_rank
    other = labels.network_words if which == "industry" else labels.industry_words
    for index in range(len(lines)):
        # The label itself may be broken over two or three lines ("Network" / "SSI rank").
        span = next(
            (
                n
                for n in (1, 2, 3, 4)
                if all(_label_piece(piece) for piece in lines[index : index + n - 1])
                and _rank_label(" ".join(lines[index : index + n]), labels, group, exact)
            ),
            0,
        )
        if not span:
            continue
        window = [" ".join(lines[index : index + span])]
        for following in lines[index + span : index + span + 8]:
            if _has_word(following, other) or _has_word(following, labels.average_words):
                break  # the next block begins: its numbers are not this rank's
            window.append(following)
        match = _PERCENT.search(" ".join(window))
        if match:
            return int(match.group(1))
    return None


def _read_average(
    lines: list[str], labels: PageLabels, which: str
) -> tuple[Decimal | None, set[int]]:
    """The peer group's average SSI and the lines it used (so nothing else reads them).

    Read from any sentence that names the group and an average ("People in your
    industry have an average SSI of 31", "People in the Software Development industry
    have an average SSI of 21", "Le persone del tuo settore hanno un SSI medio di 27"),
    however the page breaks it into lines: from the line that names the group, up to
    eight lines on, the first number after the average's word.
    """
    group = labels.industry_words if which == "industry" else labels.network_words
    exact = labels.industry_peers if which == "industry" else labels.network_peers
    other = labels.network_words if which == "industry" else labels.industry_words
    for index, line in enumerate(lines):
        lowered = line.lower()
        names_group = any(n in lowered for n in exact) or (
            _has_word(line, group) and not _rank_label(line, labels, group, ())
        )
        if not names_group:
            continue
        used = [index]
        for j in range(index, min(len(lines), index + 9)):
            if j > index and (
                _has_word(lines[j], other) or _rank_label(lines[j], labels, group, ())
            ):
                break
            if j > index:
                used.append(j)
            text = " ".join(lines[i] for i in used)
            word = _average_position(text, labels)
            if word < 0:
                continue
            numbers = [
                n for n in _numbers(text[word:], labels) if "%" not in text[word:][n[0] :][:6]
            ]
            if numbers:
                return numbers[0][1], set(used)
    return None, set()


def _average_position(text: str, labels: PageLabels) -> int:
    """Where the average is named in ``text`` (just after the word), or -1."""
    lowered = text.lower()
    for phrase in labels.average:
        pos = lowered.find(phrase)
        if pos >= 0:
            return pos + len(phrase)
    for match in re.finditer(r"\w+", lowered):
        if any(match.group(0).startswith(p) for p in labels.average_words):
            return match.end()
    return -1


def parse_ssi_page(text: str) -> ParsedSsi:
    """Read the SSI page; ``PasteError`` says plainly what could not be found."""
    if not text or not text.strip():
        raise PasteError("The text is empty. Paste the whole SSI page.", code="empty")
    if len(text) > MAX_CHARS:
        raise PasteError("The text is too long to be an SSI page.", code="too_long")
    lines = _normalise(text)
    code = _language(lines)
    labels = LANGUAGES[code]

    industry_average, industry_lines = _read_average(lines, labels, "industry")
    network_average, network_lines = _read_average(lines, labels, "network")
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
        industry_rank=_valid_rank(_read_rank(lines, labels, "industry")),
        network_rank=_valid_rank(_read_rank(lines, labels, "network")),
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
