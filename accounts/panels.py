"""Dashboard panels contributed by the apps that build on accounts.

``settings.DASHBOARD_PANELS`` lists callables ``panel(request, trainee) -> Panel | None``;
the trainee dashboard (and the coach's view of a trainee) renders them in order. This
keeps the dependency arrow pointing one way: accounts never imports scoring or coaching.
"""

from collections.abc import Callable
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


@dataclass(frozen=True)
class Column:
    """A column of the cohort dashboard. ``export``: its headings in exports (several
    when one cell holds several numbers, like the four pillars)."""

    key: str
    label: str
    css: str = "num"
    export: tuple[str, ...] = ()
    #: Machine names of the cell's values (API), one per export heading.
    fields: tuple[str, ...] = ()

    @property
    def export_labels(self) -> tuple[str, ...]:
        return self.export or (self.label,)

    @property
    def field_names(self) -> tuple[str, ...]:
        return self.fields or (self.key,)


@dataclass(slots=True)
class Cell:
    """One value: ``sort`` orders the table (None last), ``html`` is already escaped
    (or a function that makes it: only the rows of the page shown are rendered),
    ``values`` go to exports and the API (one per export heading)."""

    sort: Any
    html: str | Callable[[], str]
    values: tuple[Any, ...] = ()

    @property
    def markup(self) -> str:
        return self.html() if callable(self.html) else self.html


@dataclass
class CohortBoard:
    """What the contributors of the cohort dashboard get: the cohort, its trainees, the
    day, and ``shared``, where one contributor leaves data another may reuse."""

    cohort: Any
    trainees: list[Any]
    today: Any
    shared: dict[str, Any] = field(default_factory=dict)
    #: Each trainee's membership of this cohort: (joined_at, own target SSI or None).
    memberships: dict[int, tuple[Any, int | None]] = field(default_factory=dict)
    #: The page's query parameters, for sections with choices of their own.
    params: dict[str, str] = field(default_factory=dict)
    #: The instant of the request: each trainee's row is on their own local day then
    #: (``today`` is the cohort's day, for what the cohort shares, like its averages).
    now: Any = None


#: Makes one column's cell for a trainee id (any trainee of the board).
CellMaker = Callable[[int], Cell]


@dataclass
class CohortColumns:
    """What an app adds to the cohort dashboard: columns, each with the maker of its cells
    (``cells``, in the order of ``columns``), filters (key -> label and the trainee ids it
    keeps), sections above the table, and links to the app's own pages for the cohort
    (label, url).

    The dashboard calls a maker only for what it uses: the cells of the rows it shows
    (every row for exports and the API), and one column's cells for every trainee when
    the table is sorted by that column."""

    columns: list[Column]
    cells: list[CellMaker]
    links: list[tuple[str, str]] = field(default_factory=list)
    filters: dict[str, tuple[str, set[int]]] = field(default_factory=dict)
    sections: list[Panel] = field(default_factory=list)


@cache
def _load(paths: tuple[str, ...]) -> list:
    return [import_string(path) for path in paths]


def dashboard_panels(request, trainee) -> list[Panel]:
    panels = (panel(request, trainee) for panel in _load(tuple(settings.DASHBOARD_PANELS)))
    return [p for p in panels if p is not None]


def cohort_columns(board: CohortBoard) -> list[CohortColumns]:
    """Each app's columns, after the loaders of ``settings.COHORT_BOARD_LOADERS`` have
    left in ``board.shared`` what several of them read (the stored rows per trainee)."""
    for loader in _load(tuple(settings.COHORT_BOARD_LOADERS)):
        loader(board)
    return [columns(board) for columns in _load(tuple(settings.COHORT_COLUMNS))]
