"""The apps meet on shared pages without importing each other the wrong way."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def _module_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def _imports(app: str) -> set[str]:
    return set().union(*(_module_imports(path) for path in (ROOT / app).rglob("*.py")))


def test_dependencies_point_one_way():
    assert "coaching" not in _imports("scoring")
    assert not {"coaching", "scoring"} & _imports("accounts")


def test_every_app_may_write_the_audit_log_without_a_cycle():
    """``privacy.audit`` (and the model it writes) lean on accounts alone, so that
    accounts, scoring and coaching call it while the rest of privacy builds on them."""
    for module in ("audit.py", "models.py"):
        assert not {"coaching", "scoring"} & _module_imports(ROOT / "privacy" / module)


@pytest.mark.django_db
def test_cohort_page_links_to_the_coaching_page_of_that_cohort(client_for, coach, cohort, trainee):
    html = client_for(coach).get(reverse("accounts:cohort_detail", args=[cohort.pk])).content
    assert reverse("coaching:coach_cohort", args=[cohort.pk]).encode() in html


@pytest.mark.django_db
def test_why_page_links_each_open_factor_to_its_tasks(client_for, trainee):
    from scoring import services
    from tests.scoring.factories import ActivityFactory

    today = __import__("datetime").date.today()
    # Something to estimate from: with no signal at all the page shows the first steps.
    ActivityFactory(user=trainee, kind="comment", occurred_on=today, count=3)
    services.estimates_recompute(users=[trainee], today=today)
    html = client_for(trainee).get(reverse("scoring:why")).content.decode()
    link = reverse("coaching:catalogue") + "?factor=posts_28d"
    assert link in html
    page = client_for(trainee).get(link).content.decode()
    # The practice that raises that factor, and no other pillar's.
    assert "Publish a post in your niche" in page
    assert "Comment usefully on two posts that ask for an opinion" not in page
