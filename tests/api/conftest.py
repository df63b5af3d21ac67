# The trainee's world of tests/security (one of everything, at a frozen Wednesday).
from tests.security.conftest import frozen, world  # noqa: F401
