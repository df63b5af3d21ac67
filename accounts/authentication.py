from django.utils import translation
from rest_framework.authentication import TokenAuthentication


class UserLanguageTokenAuthentication(TokenAuthentication):
    """Token authentication that answers in the user's language.

    Session users get their language from ``UserLanguageMiddleware``; token users are
    only known once DRF authenticates them, so the language is switched here.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            translation.activate(result[0].language)
            request._request.LANGUAGE_CODE = result[0].language
        return result
