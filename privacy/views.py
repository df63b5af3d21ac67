from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import trainee_for_viewer

from . import export as data_export
from . import services
from .forms import AccountDeleteForm


def _own_account(request: HttpRequest) -> User:
    """The logged-in trainee: these pages act on the viewer's own account only (there is
    no id to name someone else's), and only a trainee's (404 for coaches and staff)."""
    trainee = trainee_for_viewer(request.user, request.user.pk)
    if not trainee.is_trainee:
        raise Http404
    return trainee


@login_required
@require_POST
def export(request: HttpRequest) -> FileResponse:
    """The trainee's data as a ZIP, built in a temporary file and streamed from it.

    Built in the request rather than by a background job: a year at 100 activities a
    day (36,500 rows, far more than a trainee logs or imports) takes about 4 s and 2 MB
    of memory whatever the size, and gives a 0.7 MB file; a job would instead leave a
    file of personal data in storage, behind a link that must be guarded and expired.
    """
    trainee = _own_account(request)
    return FileResponse(
        data_export.data_export_file(user=trainee),
        as_attachment=True,
        filename=data_export.data_export_filename(trainee),
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    trainee = _own_account(request)
    form = AccountDeleteForm(trainee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=trainee, actor=trainee)
        logout(request)
        return redirect("privacy:deleted")
    return render(request, "privacy/delete.html", {"form": form})


@require_GET
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/deleted.html")
