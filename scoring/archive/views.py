"""Web pages of the archive import: upload, then a progress bar, then the summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import trainee_access, trainee_for_viewer

from ..selectors import latest_estimate, network_state_of
from . import ArchiveError, selectors, services
from .forms import ArchiveUploadForm
from .messages import render as render_notice


@login_required
@require_http_methods(["GET", "POST"])
def archive_import(request: HttpRequest) -> HttpResponse:
    """The trainee's own upload page, with their latest imports."""
    # Coaches and staff have no imports of their own: 404, as for anyone out of reach.
    trainee = trainee_for_viewer(request.user, request.user.pk)
    form = ArchiveUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.archive_import_start(user=trainee, files=form.cleaned_data["archive"])
        except ArchiveError as error:
            form.add_error("archive", str(error))
        except services.ImportBusy:
            form.add_error("archive", render_notice("busy"))
        else:
            return redirect("scoring:archive_import_detail", import_id=record.pk)
    context = {
        "form": form,
        "imports": selectors.archive_imports_of(trainee),
        "nav": "archive",
    }
    return render(
        request, "scoring/archive_import.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def archive_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """Progress while the import runs (polled by htmx), the summary once it is done."""
    record = selectors.archive_import_for_viewer(request.user, import_id)
    context = {
        "record": record,
        "summary": selectors.import_summary(record) if not record.active else None,
        "estimate": latest_estimate(record.user) if record.status == "done" else None,
        "network": network_state_of(record.user) if record.status == "done" else None,
        "is_own": record.user_id == request.user.pk,
        # Its worker died: it will be taken over, and a new upload may replace it now.
        "interrupted": record.lease_over(timezone.now()),
        "nav": "archive",
    }
    template = "scoring/archive_detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    return render(request, template, context)


@login_required
@require_POST
def archive_import_accept(request: HttpRequest, import_id: int) -> HttpResponse:
    """The trainee confirms a lower figure that the import kept back."""
    record = selectors.archive_import_for_viewer(request.user, import_id)
    # Only the trainee decides on their own figures; their coaches do not even see the form.
    if not trainee_access(request.user, record.user_id).write:
        raise Http404
    try:
        services.archive_import_stock_accept(
            record=record, actor=request.user, code=request.POST.get("code", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The archive's figure is now the one in use."))
    return redirect("scoring:archive_import_detail", import_id=record.pk)
