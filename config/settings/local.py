"""Running on a developer's machine: debug on, e-mails printed to the console."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, env

DEBUG = env.bool("DEBUG", default=True)

# WhiteNoise warns about a missing static root; on a developer's machine (and in the
# tests) it is simply not collected yet. Production creates it with collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
