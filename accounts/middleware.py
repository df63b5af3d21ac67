from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


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
