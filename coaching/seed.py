"""Seed the stored catalogue from ``coaching.catalogue`` (used by a data migration)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .catalogue import CATALOGUE
from .conditions import TemplateSpec


def catalogue_sync(*, model: Any = None, specs: Iterable[TemplateSpec] = CATALOGUE) -> int:
    """Create or update the stored templates from the catalogue, keyed by slug.

    Safe to re-run; templates staff added in the admin are left alone, and a template's
    ``active`` switch (staff's choice) is kept. ``model`` lets a data migration pass its
    historical model.
    """
    if model is None:
        from .models import TaskTemplate

        model = TaskTemplate
    count = 0
    for spec in specs:
        model.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "pillar": spec.pillar,
                "factor": spec.factor,
                "minutes": spec.minutes,
                "cadence": spec.cadence,
                "per_week": spec.per_week,
                "routine": spec.routine,
                "conditions": [c.as_dict() for c in spec.conditions],
                "activity_kind": spec.activity_kind or "",
                "activity_count": spec.activity_count,
                "activity_words": spec.activity_words,
                "title_en": spec.title_en,
                "title_it": spec.title_it,
                "howto_en": spec.howto_en,
                "howto_it": spec.howto_it,
            },
        )
        count += 1
    return count
