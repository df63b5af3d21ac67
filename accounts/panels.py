"""Dashboard panels contributed by the apps that build on accounts.

``settings.DASHBOARD_PANELS`` lists callables ``panel(request, trainee) -> Panel | None``;
the trainee dashboard (and the coach's view of a trainee) renders them in order. This
keeps the dependency arrow pointing one way: accounts never imports scoring or coaching.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    wide: bool = False


@dataclass
class CohortColumns:
    """Extra columns for the coach's cohort table: headers and a value per trainee id,
    plus links to the contributing app's own pages for the cohort (label, url)."""

    headers: list[str]
    values: dict[int, list[Any]]
    links: list[tuple[str, str]] = field(default_factory=list)


@cache
def _load(paths: tuple[str, ...]) -> list:
    return [import_string(path) for path in paths]


def dashboard_panels(request, trainee) -> list[Panel]:
    panels = (panel(request, trainee) for panel in _load(tuple(settings.DASHBOARD_PANELS)))
    return [p for p in panels if p is not None]


def cohort_columns(cohort, trainees) -> list[CohortColumns]:
    return [columns(cohort, trainees) for columns in _load(tuple(settings.COHORT_COLUMNS))]
