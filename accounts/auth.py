"""Small helpers for authentication plumbing."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail that axes counts failures against, normalised like our logins.

    Works for the login form (``username`` field), the API token endpoint and plain
    ``authenticate()`` calls alike.
    """
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("email") or ""
    return str(value).strip().lower()


def client_ip(request: HttpRequest) -> str:
    """The client's address, as far as the proxies we trust vouch for it.

    With ``TRUSTED_PROXY_COUNT`` = N, each of the N proxies in front of us appended the
    address it saw to X-Forwarded-For, so the client is the N-th entry from the right;
    anything further left was written by the client and proves nothing. Without
    trusted proxies (or a shorter header than promised) the socket's peer counts.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return peer


def cooloff_words(cooloff: timedelta) -> str:
    """The cool-off as a person says it: "15 minutes", "1 hour", "90 minutes"."""
    minutes = max(1, round(cooloff.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def lockout_message() -> str:
    """What a locked-out login is told, built from the settings that make the lock."""
    limit = settings.AXES_FAILURE_LIMIT
    return ngettext(
        "Too many failed login attempts: after %(limit)d failed attempt, logging in to "
        "this account from your network is blocked for %(cooloff)s. Try again later or "
        "reset your password.",
        "Too many failed login attempts: after %(limit)d failed attempts, logging in to "
        "this account from your network is blocked for %(cooloff)s. Try again later or "
        "reset your password.",
        limit,
    ) % {"limit": limit, "cooloff": cooloff_words(settings.AXES_COOLOFF_TIME)}
