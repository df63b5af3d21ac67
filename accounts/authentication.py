from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS

from . import services
from .models import ApiToken, TokenScope


class UserLanguageTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``: a named token from the settings page (``ssi_...``)
    or the one ``auth/token/`` gives; answers in the user's language.

    A read-only token is refused (403) on anything but GET, HEAD and OPTIONS, before any
    permission or view runs. Session users get their language from
    ``UserLanguageMiddleware``; token users are only known once DRF authenticates them, so
    the language is switched here.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        translation.activate(user.language)
        request._request.LANGUAGE_CODE = user.language
        if (
            isinstance(token, ApiToken)
            and token.scope == TokenScope.READ
            and request.method not in SAFE_METHODS
        ):
            raise exceptions.PermissionDenied(_("This token is read-only: it cannot change data."))
        return result

    def authenticate_credentials(self, key):
        if not key.startswith(services.API_TOKEN_PREFIX):
            return super().authenticate_credentials(key)
        token = services.api_token_use(key=key, now=timezone.now())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return token.user, token
