from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import InvitationAcceptForm, SettingsForm
from .models import Language, ReminderKind, Role, User
from .panels import cohort_columns, dashboard_panels
from .permissions import cohort_for_viewer, trainee_for_viewer


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Visitors read what the product does; everyone else goes to the page that is theirs."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/landing.html", {"nav": "home"})
    if user.is_staff or user.role == Role.COACH:
        return redirect("accounts:cohort_list")
    return redirect("accounts:dashboard")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_staff or user.role == Role.COACH:
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
        response.set_cookie("ssi_language", request.user.language, samesite="Lax")
        return response
    return render(request, "accounts/settings.html", {"form": form})


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
    response.set_cookie("ssi_language", language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
        )
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
    if not (request.user.is_staff or request.user.role == Role.COACH):
        return redirect("accounts:dashboard")
    cohorts = selectors.cohort_list_for_viewer(request.user)
    return render(request, "accounts/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_GET
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = cohort_for_viewer(request.user, cohort_id)
    trainees = list(selectors.cohort_trainees(cohort))
    extra = cohort_columns(cohort, trainees)
    headers = [h for columns in extra for h in columns.headers]
    rows = [
        (trainee, [v for columns in extra for v in columns.values.get(trainee.pk, [])])
        for trainee in trainees
    ]
    links = [link for columns in extra for link in columns.links]
    context = {"cohort": cohort, "rows": rows, "extra_headers": headers, "links": links}
    return render(request, "accounts/cohort_detail.html", context)


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
    message = _(
        "Too many failed login attempts. This account is locked for 15 minutes; "
        "try again later or reset your password."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403.html", {"csrf": True}, status=403)
