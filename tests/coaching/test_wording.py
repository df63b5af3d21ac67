"""One date format per language on the trainee pages, and Italian that reads right."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from scoring.models import ArchiveImport, ArchiveImportStatus
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "language,long_date,short_dates",
    [
        ("en", "Nov. 24, 2026", ["11/24/2026", "24/11/2026"]),
        ("it", "24 novembre 2026", ["24/11/2026"]),
    ],
)
@pytest.mark.parametrize("url_name", ["scoring:history", "scoring:activity", "accounts:dashboard"])
def test_every_page_writes_a_day_the_same_way(
    client_for, trainee, frozen, language, long_date, short_dates, url_name
):
    trainee.language = language
    trainee.save()
    SnapshotFactory(user=trainee, date=DAY)
    ActivityFactory(user=trainee, occurred_on=DAY)
    html = client_for(trainee).get(reverse(url_name) + "?range=all").content.decode()
    assert long_date in html
    for short in short_dates:
        assert short not in html


def test_italian_finished_import_and_the_plans_done_button(client_for, trainee, plan):
    trainee.language = "it"
    trainee.save()
    client = client_for(trainee)
    ArchiveImport.objects.create(user=trainee, status=ArchiveImportStatus.DONE, progress=100)
    html = client.get(reverse("scoring:archive_import")).content.decode()
    assert ">Completata</span>" in html and "Fatte" not in html
    html = client.get(reverse("coaching:plan")).content.decode()
    assert ">Fatto</button>" in html and ">Fatte</button>" not in html


@pytest.mark.parametrize(
    "language,to_trainee,about_trainee",
    [
        (
            "en",
            "Post about your niche about three times a week.",
            "They should post about their niche about three times a week.",
        ),
        (
            "it",
            "Pubblica sulla tua nicchia circa tre volte a settimana.",
            "Dovrebbe pubblicare sulla sua nicchia circa tre volte a settimana.",
        ),
    ],
)
def test_coach_pages_speak_about_the_trainee(
    client_for, trainee, coach, frozen, language, to_trainee, about_trainee
):
    from scoring import services
    from scoring.vocabulary import FACTOR_HOW_ABOUT, FACTOR_TEXT

    ActivityFactory(user=trainee, occurred_on=DAY, kind="comment")
    services.estimates_recompute(users=[trainee], today=DAY)
    for user in (trainee, coach):
        user.language = language
        user.save()
    own = client_for(trainee).get(reverse("scoring:why")).content.decode()
    coach_page = client_for(coach).get(reverse("scoring:why_for", args=[trainee.pk]))
    about = coach_page.content.decode()
    assert to_trainee in own and about_trainee not in own
    assert about_trainee in about and to_trainee not in about
    # Every factor's advice on a coach's page is about the trainee, in both languages.
    with translation.override(language):
        for key, text in FACTOR_HOW_ABOUT.items():
            assert str(text) != str(FACTOR_TEXT[key].how)
            assert str(text).startswith("They should" if language == "en" else "Dovrebbe")
            assert str(FACTOR_TEXT[key].how) not in about


@pytest.mark.parametrize(
    ("language", "code", "changes", "label"),
    [
        ("en", "no_ssi", {}, "No SSI recorded for 14 days or more"),
        ("en", "no_ssi", {"no_ssi_days": 1}, "No SSI recorded for 1 day or more"),
        ("en", "drop", {"drop_points": 5.5}, "SSI down 5.5 points or more in 30 days"),
        ("en", "low_completion", {}, "Under 30% of tasks done 2 weeks running"),
        ("en", "low_completion", {"low_completion_weeks": 1}, "Under 30% of tasks done for 1 week"),
        ("en", "no_login", {"no_login_days": 3}, "No login for 3 days or more"),
        ("it", "drop", {"drop_points": 5.5}, "SSI sceso di 5,5 punti o più in 30 giorni"),
        ("it", "low_completion", {}, "Meno del 30% delle attività svolte per 2 settimane di fila"),
        ("it", "no_login", {}, "Nessun accesso da 7 giorni o più"),
    ],
)
def test_the_digest_names_each_rule_with_the_cohorts_settings(language, code, changes, label):
    from dataclasses import asdict, replace

    from django.utils import translation

    from coaching.labels import risk_rule_label
    from coaching.risk import RiskRules

    with translation.override(language):
        assert risk_rule_label(code, asdict(replace(RiskRules(), **changes))) == label
