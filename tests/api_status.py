"""What the API answers to a request without credentials, in one place.

The token authenticator comes first and names its scheme in ``WWW-Authenticate``, so
DRF answers 401 (not 403) to an anonymous request.
"""

ANONYMOUS = 401
