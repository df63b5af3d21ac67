"""Small helpers for authentication plumbing."""

from django.http import HttpRequest


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
