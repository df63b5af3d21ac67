"""Human names of pillars and factors: scoring's own, so that both apps speak alike."""

from django.utils.functional import Promise

from scoring.explain import FACTOR_TEXT
from scoring.models import PILLAR_NAMES

PILLAR_LABELS: dict[str, Promise] = dict(PILLAR_NAMES)
FACTOR_LABELS: dict[str, Promise] = {key: text.label for key, text in FACTOR_TEXT.items()}


def pillar_label(key: str) -> str:
    return str(PILLAR_LABELS.get(key, key))


def factor_label(key: str) -> str:
    return str(FACTOR_LABELS.get(key, key))
