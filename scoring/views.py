"""Trainee pages for scoring, and the coach's read-only view of them.

Who may do what is ``accounts.permissions``: reads go through ``trainee_for_viewer`` (404
for anyone out of reach); writes are the trainee's own (``records_writer``: every write
view works on ``request.user`` and refuses coaches and staff).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import exports
from accounts.models import User
from accounts.permissions import (
    is_coach,
    leaderboard_cohort_for,
    records_writer,
    trainee_access,
    trainee_for_coach,
    trainee_for_viewer,
)
from accounts.selectors import user_today

from . import paste, selectors, services
from .explain import explanation_context, paste_error_message, paste_found_message, top_actions
from .forms import ActivityForm, NetworkStateForm, PasteForm, ProfileStateForm, SnapshotForm
from .models import Activity, ActivityKind, SnapshotSource, SsiSnapshot
from .panels import chart_marks, charts_page_context, overview_context
from .vocabulary import NETWORK_FIELDS, PILLAR_NAMES, PROFILE_FIELDS

HISTORY_PAGE_SIZE = 50
ACTIVITY_PAGE_SIZE = 30


def _subject(request: HttpRequest, trainee_id: int | None) -> User:
    """Whose data a read page shows: the trainee's own, or one a coach may see (else 404)."""
    return trainee_for_viewer(request.user, request.user.pk if trainee_id is None else trainee_id)


# --- Official SSI ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_new(request: HttpRequest) -> HttpResponse:
    user = records_writer(request.user)
    form = SnapshotForm(
        request.POST or None,
        initial={"date": request.GET.get("date") or user_today(user), "source": "typed"},
    )
    confirm = _confirmations(request)
    context: dict[str, Any] = {"form": form, "nav": "ssi"}
    if request.method == "POST" and form.is_valid():
        try:
            services.snapshot_record(user=user, **form.cleaned_data, **confirm)
        except ValidationError as error:
            context |= _refusal(form, error, confirm)
        else:
            messages.success(request, _("Your SSI has been saved."))
            return redirect("accounts:dashboard")
    return render(request, "scoring/snapshot_form.html", context)


def _confirmations(request: HttpRequest) -> dict[str, bool]:
    """What the member has confirmed on an earlier try of the same form (buttons)."""
    return {name: request.POST.get(name) == "1" for name in ("replace", "confirm_zero")}


def _refusal(form: SnapshotForm, error: ValidationError, confirm: dict[str, bool]) -> dict:
    """Show why nothing was saved; a day already taken shows both entries, side by side."""
    context: dict[str, Any] = {"confirmed": confirm}
    if isinstance(error, services.SnapshotDayTaken):
        context["existing"] = error.existing
        context["new_total"] = error.new_total
    messages_by_field = error.message_dict if hasattr(error, "error_dict") else {}
    context["ask_replace"] = "replace" in messages_by_field
    context["ask_zero"] = "confirm_zero" in messages_by_field
    for field, texts in messages_by_field.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
    if not messages_by_field:
        form.add_error(None, error)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = records_writer(request.user)
    snapshot = get_object_or_404(SsiSnapshot, pk=pk, user=user)
    # The typed total is only a check: the stored one is always the pillar sum.
    initial = {name: getattr(snapshot, name) for name in SnapshotForm.base_fields}
    initial["total"] = None
    form = SnapshotForm(request.POST or None, initial=initial)
    confirm = _confirmations(request)
    context: dict[str, Any] = {"form": form, "snapshot": snapshot, "nav": "ssi"}
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("total")  # checked by the form; the stored total is the pillar sum
        try:
            services.snapshot_update(snapshot=snapshot, **values, **confirm)
        except ValidationError as error:
            context |= _refusal(form, error, confirm)
        else:
            messages.success(
                request, _("The SSI of %(date)s has been updated.") % {"date": values["date"]}
            )
            return redirect("scoring:history")
    return render(request, "scoring/snapshot_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = records_writer(request.user)
    snapshot = get_object_or_404(SsiSnapshot, pk=pk, user=user)
    if request.method == "POST":
        services.snapshot_delete(snapshot=snapshot)
        messages.success(
            request, _("The SSI of %(date)s has been deleted.") % {"date": snapshot.date}
        )
        return redirect("scoring:history")
    return render(request, "scoring/snapshot_delete.html", {"snapshot": snapshot, "nav": "ssi"})


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_paste(request: HttpRequest) -> HttpResponse:
    """Paste the SSI page, see what was read, then confirm (nothing is saved before)."""
    user = records_writer(request.user)
    form = PasteForm(request.POST or None, initial={"date": user_today(user)})
    if request.method == "POST" and form.is_valid():
        try:
            parsed = paste.parse_ssi_page(form.cleaned_data["text"])
        except paste.PasteError as error:
            form.add_error("text", paste_error_message(error))
        else:
            confirm = SnapshotForm(
                initial={
                    "date": form.cleaned_data["date"],
                    **parsed.pillars(),
                    "total": parsed.page_total,
                    "industry_rank": parsed.industry_rank,
                    "network_rank": parsed.network_rank,
                    "industry_average": parsed.industry_average,
                    "network_average": parsed.network_average,
                    "source": SnapshotSource.PASTED,
                }
            )
            return render(
                request,
                "scoring/paste_confirm.html",
                {
                    "form": confirm,
                    "parsed": parsed,
                    "found_message": paste_found_message(parsed),
                    "nav": "ssi",
                },
            )
    return render(request, "scoring/paste.html", {"form": form, "nav": "ssi"})


@login_required
@require_GET
def history(request: HttpRequest, trainee_id: int | None = None) -> HttpResponse:
    access = trainee_access(request.user, request.user.pk if trainee_id is None else trainee_id)
    trainee = access.trainee
    page = Paginator(
        selectors.snapshots_of(trainee).select_related("verified_by"), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "trainee": trainee,
        "page": page,
        "is_own": access.own,
        "can_verify": access.steer,
        # The days marked on the charts (such as LinkedIn-side drops), badged here too.
        "marks": dict(chart_marks(trainee, None)),
        "nav": "ssi",
    }
    return render(request, "scoring/history.html", context)


@login_required
@require_GET
def charts(request: HttpRequest, trainee_id: int | None = None) -> HttpResponse:
    """The score charts for a range; htmx swaps just the charts, others get the page."""
    trainee = _subject(request, trainee_id)
    if request.htmx:
        # The range switch swaps the dashboard's charts only.
        context = overview_context(request, trainee)
        return render(request, "scoring/charts.html#charts", context | {"nav": "ssi"})
    context = charts_page_context(request, trainee)
    template = "scoring/charts.html"
    return render(request, template, context | {"nav": "ssi"})


@login_required
@require_GET
def why(request: HttpRequest, trainee_id: int | None = None) -> HttpResponse:
    trainee = _subject(request, trainee_id)
    estimate = selectors.latest_estimate(trainee)
    own = trainee.pk == request.user.pk
    pillars = explanation_context(estimate.result(), own=own) if estimate else []
    context = {
        "trainee": trainee,
        "estimate": estimate,
        "pillars": pillars,
        "actions": top_actions(pillars),
        "is_own": trainee.pk == request.user.pk,
        "nav": "why",
        # The page of tasks that raise a factor, if an app provides one (by URL name, so
        # that scoring never imports the app that builds on it).
        "tasks_url": reverse(settings.FACTOR_TASKS_URL_NAME)
        if settings.FACTOR_TASKS_URL_NAME
        else "",
    }
    return render(request, "scoring/why.html", context)


# --- Signals -------------------------------------------------------------------------------


def _add_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal shown on the form, beside the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            for text in texts:
                form.add_error(field if field in form.fields else None, text)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest) -> HttpResponse:
    user = records_writer(request.user)
    form = ActivityForm(request.POST or None, initial={"occurred_on": user_today(user)})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_log(user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Logged. Your estimate will update in a moment."))
            return redirect("scoring:activity")
    today = user_today(user)
    labels = dict(ActivityKind.choices)
    windows = [
        ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        for days in selectors.TOTAL_WINDOWS
    ]
    totals = [
        (labels.get(kind, kind), list(zip(counts, windows, strict=True)))
        for kind, counts in selectors.activity_totals(user, today)
    ]
    page = Paginator(selectors.activities_of(user), ACTIVITY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "recent": page.object_list,
        "totals": totals,
        "window_labels": windows,
        "nav": "activity",
    }
    return render(request, "scoring/activity.html", context)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = records_writer(request.user)
    services.activity_delete(activity=get_object_or_404(Activity, pk=pk, user=user))
    messages.success(request, _("The activity has been removed."))
    return redirect("scoring:activity")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = records_writer(request.user)
    state = selectors.profile_state_of(user)
    form = ProfileStateForm(request.POST or None, instance=state)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_state_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile checklist has been saved."))
            return redirect("scoring:profile")
    completeness = state.completeness()
    context = {
        "form": form,
        "completeness": completeness,
        "completeness_percent": round(completeness * 100),
        "nav": "signals",
    }
    return render(request, "scoring/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network(request: HttpRequest) -> HttpResponse:
    user = records_writer(request.user)
    form = NetworkStateForm(request.POST or None, instance=selectors.network_state_of(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.network_state_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your network facts have been saved."))
            return redirect("scoring:network")
    return render(request, "scoring/network.html", {"form": form, "nav": "signals"})


# --- Coach tools and read-only pages ----------------------------------------------------------


@login_required
@require_POST
def snapshot_verify(request: HttpRequest, trainee_id: int, pk: int) -> HttpResponse:
    """A coach marks an SSI entry as checked against the trainee's LinkedIn page."""
    trainee = trainee_for_coach(request.user, trainee_id)
    snapshot = get_object_or_404(SsiSnapshot, pk=pk, user=trainee)
    verified = request.POST.get("verified", "1") != "0"
    services.snapshot_verify(snapshot=snapshot, coach=request.user, verified=verified)
    if verified:
        messages.success(
            request, _("The SSI of %(date)s is marked as verified.") % {"date": snapshot.date}
        )
    else:
        messages.success(
            request, _("The verification of %(date)s was withdrawn.") % {"date": snapshot.date}
        )
    return redirect(reverse("scoring:history_for", args=[trainee.pk]) + f"#snapshot-{pk}")


@login_required
@require_GET
def activity_for(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    page = Paginator(selectors.activities_of(trainee), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "scoring/coach_activity.html", {"trainee": trainee, "page": page})


@login_required
@require_GET
def signals_for(request: HttpRequest, trainee_id: int) -> HttpResponse:
    """The trainee's profile checklist and network facts, read-only."""
    trainee = trainee_for_coach(request.user, trainee_id)
    profile_state = selectors.profile_state_of(trainee)
    network_state = selectors.network_state_of(trainee)

    def facts(state: Any, names: tuple[str, ...]) -> list[tuple[str, Any]]:
        return [(state._meta.get_field(n).verbose_name, getattr(state, n)) for n in names]

    context = {
        "trainee": trainee,
        "profile": facts(profile_state, PROFILE_FIELDS),
        "profile_saved": profile_state.pk is not None,
        "profile_updated": profile_state.updated_at,
        "completeness": round(profile_state.completeness() * 100),
        "network": facts(network_state, NETWORK_FIELDS),
        "network_saved": network_state.pk is not None,
        "network_updated": network_state.updated_at,
    }
    return render(request, "scoring/coach_signals.html", context)


@login_required
@require_GET
def history_export(request: HttpRequest, fmt: str, trainee_id: int | None = None) -> HttpResponse:
    """A trainee's whole SSI history as CSV or XLSX (theirs, or one a coach may see)."""
    if fmt not in exports.FORMATS:
        raise Http404
    trainee = _subject(request, trainee_id)
    headers, rows = selectors.history_table(trainee)
    name = slugify(trainee.get_full_name() or trainee.email.split("@")[0]) or "trainee"
    return exports.table_response(fmt, f"ssi-{name}", headers, rows)


@login_required
@require_GET
def leaderboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = leaderboard_cohort_for(request.user, cohort_id)
    board = selectors.leaderboard(cohort, today=user_today(request.user), viewer=request.user)
    context = {
        "cohort": cohort,
        "board": board,
        "is_coach": is_coach(request.user),
        "opted_in": request.user.show_on_leaderboard,
        "leaders": [
            (PILLAR_NAMES[k], entry, entry.pillars.get(k)) for k, entry in board.leaders.items()
        ],
        "nav": "leaderboard",
    }
    return render(request, "scoring/leaderboard.html", context)
