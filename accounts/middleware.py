import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

#: Unix time of the login, and of the last request, kept in the session.
SESSION_STARTED = "_ssi_login_at"
SESSION_SEEN = "_ssi_seen_at"
#: The last-request stamp is saved at most this often (seconds), so that a page's burst
#: of htmx and API requests does not rewrite the session each time; an idle limit is
#: thus enforced to within this much.
SEEN_RESOLUTION = 60


def session_stamp_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """On every login (``user_logged_in``): the session's clocks start now."""
    if hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now


def _is_privileged(user) -> bool:
    return bool(user.is_staff or user.is_superuser or user.is_coach)


class SessionExpiryMiddleware:
    """Log out sessions that are too old, or (staff and coaches) idle for too long.

    Everyone: ``SESSION_ABSOLUTE_AGE`` after the login, however active the session.
    Staff and coaches, who see other people's records: also ``SESSION_IDLE_TIMEOUT_STAFF``
    after their last request. The stamps live in the session itself (any session
    backend); a session from before these rules starts its clocks at its next request.

    No library does this: django-session-timeout (last release 2020) has one timeout
    for everyone, django-session-security needs a script on every page, which the
    strict Content Security Policy and the API would both have to work around.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        # Only a logged-in session has clocks; anonymous requests cost nothing here.
        if session is not None and session.get(SESSION_KEY):
            self._enforce(request, session)
        return self.get_response(request)

    def _enforce(self, request: HttpRequest, session) -> None:
        now = time.time()
        started = session.get(SESSION_STARTED)
        if started is None:
            session[SESSION_STARTED] = session[SESSION_SEEN] = now
            return
        expired = now - started >= settings.SESSION_ABSOLUTE_AGE.total_seconds()
        user = request.user
        if not expired and user.is_authenticated and _is_privileged(user):
            seen = session.get(SESSION_SEEN, started)
            if now - seen >= settings.SESSION_IDLE_TIMEOUT_STAFF.total_seconds():
                expired = True
            elif now - seen >= SEEN_RESOLUTION:
                session[SESSION_SEEN] = now
        if expired:
            logout(request)
            if not request.path.startswith("/api/"):
                messages.info(request, _("Your session has ended. Please log in again."))


class UserLanguageMiddleware:
    """Logged-in users get their chosen language and time zone.

    Anonymous visitors keep Django's choice (the language cookie set by the switcher,
    then the browser's Accept-Language).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language  # type: ignore[attr-defined]
            try:
                timezone.activate(user.time_zone)
            except Exception:
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response
