"""Running on a developer's machine: debug on, e-mails printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
