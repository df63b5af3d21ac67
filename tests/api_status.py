"""What the API answers to a request without credentials, in one place.

The session authenticator comes first and sends no ``WWW-Authenticate`` challenge, so
DRF answers 403 (not 401) to an anonymous request.
"""

ANONYMOUS = 403
