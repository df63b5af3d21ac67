from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import exports, selectors, services
from .auth import lockout_message
from .forms import ApiTokenForm, InvitationAcceptForm, SettingsForm
from .models import Language, ReminderKind, User
from .panels import dashboard_panels
from .permissions import cohort_for_viewer, is_coach, trainee_for_viewer


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Visitors read what the product does; everyone else goes to the page that is theirs."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/landing.html", {"nav": "home"})
    if user.is_coach:
        return redirect("accounts:cohort_list")
    return redirect("accounts:dashboard")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_coach:
        return redirect("accounts:cohort_list")
    context = {
        "trainee": user,
        "panels": dashboard_panels(request, user),
        "memberships": selectors.memberships_of(user),
        "is_own": True,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_settings(
            user=request.user, **{f: form.cleaned_data[f] for f in form.fields}
        )
        translation.activate(request.user.language)
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:settings")
        _set_language_cookie(response, request.user.language)
        return response
    return render(request, "accounts/settings.html", _settings_context(request, form))


def _settings_context(request: HttpRequest, form: SettingsForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "token_form": extra.pop("token_form", None) or ApiTokenForm(),
        "tokens": selectors.api_tokens_of(request.user),
        **extra,
    }


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Make a named token; the page shows its key this once (only a hash is kept)."""
    token_form = ApiTokenForm(request.POST)
    context: dict[str, Any] = {"token_form": token_form}
    status = 400
    if token_form.is_valid():
        token, key = services.api_token_create(user=request.user, **token_form.cleaned_data)
        context = {"new_token": token, "new_key": key}
        status = 201
    form = SettingsForm(instance=request.user)
    return render(
        request,
        "accounts/settings.html",
        _settings_context(request, form, **context),
        status=status,
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    services.api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token has been revoked: it no longer opens the API."))
    return redirect("accounts:settings")


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; for a logged-in user it is also saved as theirs."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in Language.values:
        return response
    if request.user.is_authenticated:
        services.user_update_settings(user=request.user, language=language)
    _set_language_cookie(response, language)
    return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """The language cookie with every attribute its settings give (Secure in production)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
        )
    # The page speaks the invitee's language when staff gave one, unless the visitor
    # chose another with the language switch; the new account keeps the page's language.
    if invitation.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language  # type: ignore[attr-defined]
    existing = User.objects.filter(email=invitation.email).exists()
    if existing:
        if request.method == "POST":
            services.invitation_accept(token=token)
            messages.success(
                request,
                _("You have joined %(cohort)s. Log in to continue.")
                % {"cohort": invitation.cohort},
            )
            return redirect("login")
        return render(
            request, "accounts/invitation_accept.html", {"invitation": invitation, "existing": True}
        )
    form = InvitationAcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language() or "",
            )
        except services.InvitationError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(cohort)s!") % {"cohort": invitation.cohort})
        return redirect("accounts:dashboard")
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    if not is_coach(request.user):
        return redirect("accounts:dashboard")
    cohorts = selectors.cohort_list_for_viewer(request.user)
    return render(request, "accounts/cohort_list.html", {"cohorts": cohorts})


def _dashboard(request: HttpRequest, cohort_id: int) -> selectors.CohortDashboard:
    cohort = cohort_for_viewer(request.user, cohort_id)
    return selectors.cohort_dashboard(
        cohort,
        today=selectors.user_today(request.user),
        now=timezone.now(),
        sort=request.GET.get("sort", "")[:40],
        active_filter=request.GET.get("filter", "")[:40],
        query=request.GET.get("q", "")[:100],
        params={k: v[:40] for k, v in request.GET.items()},
    )


def _query(params: dict[str, str], **changes: str) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v}
    return "?" + urlencode(merged) if merged else "?"


@login_required
@require_GET
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort dashboard: sort, filter and page in the URL; htmx swaps the table."""
    board = _dashboard(request, cohort_id)
    paginator = Paginator(board.rows, selectors.DASHBOARD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    state = {"sort": board.sort, "filter": board.active_filter, "q": board.query}
    base = reverse("accounts:cohort_detail", args=[board.cohort.pk])
    # One reversed URL, its id swapped per row: a {% url %} per row cost a fifth of the page.
    trainee_url = reverse("accounts:trainee_detail", args=[0])[:-2]
    headers = []
    for column in [None, *board.columns]:
        key = "name" if column is None else column.key
        current = board.sort.lstrip("-") == key
        descending = current and board.sort.startswith("-")
        headers.append(
            {
                "key": key,
                "label": _("Trainee") if column is None else column.label,
                "css": "" if column is None else column.css,
                "current": current,
                "descending": descending,
                "href": base + _query(state, sort=key if descending else f"-{key}", page=""),
            }
        )
    # Each row's cells joined once here: the markup is already escaped by its maker, and
    # the classes are the columns' own constants.
    rows = [
        {
            "url": f"{trainee_url}{row.trainee.pk}/",
            "name": row.trainee.get_full_name() or row.trainee.email,
            "cells": mark_safe(  # noqa: S308
                "".join(
                    f'<td class="{column.css}">{cell.markup}</td>'
                    for column, cell in zip(board.columns, row.cells, strict=True)
                )
            ),
        }
        for row in page.object_list
    ]
    filters = [
        {
            "key": key,
            "label": label,
            "count": len(ids),
            "current": key == board.active_filter,
            "href": base + _query(state, filter="" if key == board.active_filter else key, page=""),
        }
        for key, (label, ids) in board.filters.items()
    ]
    context = {
        "cohort": board.cohort,
        "board": board,
        "headers": headers,
        "rows": rows,
        "page": page,
        "filters": filters,
        "state": state,
        "page_href": base + _query(state, page=""),
        "all_href": base,
        "export_csv": reverse("accounts:cohort_export", args=[board.cohort.pk, "csv"])
        + _query(state),
        "export_xlsx": reverse("accounts:cohort_export", args=[board.cohort.pk, "xlsx"])
        + _query(state),
        "leaderboard_url": reverse(settings.LEADERBOARD_URL_NAME, args=[board.cohort.pk])
        if getattr(settings, "LEADERBOARD_URL_NAME", "")
        else "",
    }
    template = (
        "accounts/cohort_detail.html#table" if request.htmx else "accounts/cohort_detail.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def cohort_export(request: HttpRequest, cohort_id: int, fmt: str) -> HttpResponse:
    """The dashboard's rows (as filtered and sorted) as CSV or XLSX."""
    if fmt not in exports.FORMATS:
        raise Http404
    board = _dashboard(request, cohort_id)
    headers, rows = selectors.dashboard_table(board)
    name = slugify(board.cohort.name) or "cohort"
    return exports.table_response(
        fmt, f"{name}-{selectors.user_today(request.user).isoformat()}", headers, rows
    )


@login_required
@require_GET
def trainee_detail(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_viewer(request.user, trainee_id)
    if trainee.pk == request.user.pk:
        return redirect("accounts:dashboard")
    context = {
        "trainee": trainee,
        "panels": dashboard_panels(request, trainee),
        "memberships": selectors.memberships_of(trainee),
        "is_own": False,
    }
    return render(request, "accounts/dashboard.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from one kind of reminder e-mail, without logging in.

    The GET shows what the link does and a button (a GET never writes: mail scanners
    follow links). The POST unsubscribes: from that button, or straight from the mail
    program under RFC 8058 (``List-Unsubscribe=One-Click``), which sends no CSRF token,
    hence the exemption; the signed token is the proof.
    """
    try:
        user, kind = services.unsubscribe_from_token(token)
    except services.UnsubscribeError as error:
        return render(request, "accounts/unsubscribe.html", {"error": str(error)}, status=400)
    done = False
    if request.method == "POST":
        services.user_unsubscribe(token=token)
        done = True
    language = request.user.language if request.user.is_authenticated else user.language
    with translation.override(language):
        return render(
            request,
            "accounts/unsubscribe.html",
            {"kind_label": ReminderKind(kind).label, "email": user.email, "done": done},
        )


def lockout(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """What a locked-out login (web or API) answers: 429 with a clear message."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403.html", {"csrf": True}, status=403)
