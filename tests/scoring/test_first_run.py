"""A new trainee's first screens say what to do first, and show no 0.0 score."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring import services

pytestmark = pytest.mark.django_db

PAGES = ["accounts:dashboard", "scoring:charts", "scoring:why", "scoring:history"]


def _main(html: str) -> str:
    return html.split('<main id="main"')[1].split("</main>")[0]


@pytest.mark.parametrize("url_name", PAGES)
def test_a_new_trainee_is_told_to_record_the_ssi_and_import_the_archive(
    client_for, trainee, url_name
):
    # The nightly run already stored an estimate of nothing: 0 in every pillar.
    services.estimates_recompute(users=[trainee], today=timezone.localdate())
    main = _main(client_for(trainee).get(reverse(url_name)).content.decode())
    assert "No SSI recorded yet." in main and "Start here:" in main
    assert f'href="{reverse("scoring:snapshot_paste")}"' in main
    assert f'href="{reverse("scoring:archive_import")}"' in main
    assert "line-chart" not in main  # no chart of a single 0 dot
    assert not re.search(r"\b0[.,]0+\b", main), "a 0.0 figure on a first-run page"


def test_once_an_ssi_is_recorded_the_first_steps_give_way(client_for, trainee):
    from tests.scoring.factories import SnapshotFactory

    SnapshotFactory(user=trainee, date=timezone.localdate())
    main = _main(client_for(trainee).get(reverse("scoring:charts")).content.decode())
    assert "No SSI recorded yet" not in main
    assert "line-chart" in main


@pytest.mark.parametrize("url_name", ["accounts:dashboard", "scoring:charts"])
def test_an_estimate_of_nothing_shows_no_zeros_beside_the_recorded_ssi(
    client_for, trainee, url_name
):
    """The SSI was pasted, no signal yet: the estimate is "none yet" everywhere on the
    page, not "none yet" above a table of 0.00 estimates."""
    from tests.scoring.factories import SnapshotFactory

    SnapshotFactory(user=trainee, date=timezone.localdate())
    services.estimates_recompute(users=[trainee], today=timezone.localdate())
    main = _main(client_for(trainee).get(reverse(url_name)).content.decode())
    assert "No estimate yet." in main or url_name != "accounts:dashboard"
    assert not re.search(r"\b0[.,]0+\b", main), re.findall(r".{80}\b0[.,]0+\b.{20}", main)
