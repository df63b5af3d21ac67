"""The notifications page and the header's bell: reads by GET, read marks by POST."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from . import selectors, services
from .messages import notification_message

#: The htmx event that tells the bell to fetch its count again.
CHANGED_EVENT = "notifications-changed"


def _items(notifications: list) -> list[tuple]:
    return [(n, notification_message(n)) for n in notifications]


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first (two queries, whatever their number)."""
    found = selectors.notifications_of(request.user)
    context = {
        "items": _items(found),
        "unread": sum(1 for n in found if n.is_unread),
        "nav": "notifications",
    }
    return render(request, "coaching/notifications.html", context)


@login_required
@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count, for htmx to swap in place; the page otherwise."""
    if not request.htmx:
        return redirect("coaching:notifications")
    count = selectors.unread_count(request.user)
    # Keep the link marked as the current page when the bell is swapped in on it.
    here = urlsplit(request.htmx.current_url_abs_path or "").path
    nav = "notifications" if here == reverse("coaching:notifications") else ""
    return render(request, "coaching/_bell.html", {"unread_notifications": count, "nav": nav})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_for_viewer(request.user, notification_id)
    services.notification_mark_read(notification=notification)
    if not request.htmx:
        return redirect("coaching:notifications")
    notification.refresh_from_db()
    response = render(
        request,
        "coaching/notifications.html#item",
        {"notification": notification, "message": notification_message(notification)},
    )
    return trigger_client_event(response, CHANGED_EVENT)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("coaching:notifications")
