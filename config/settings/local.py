"""Running on a developer's machine: debug on, e-mails written readable to var/mail/."""

from .base import *  # noqa: F403
from .base import BASE_DIR, STATIC_ROOT, env

DEBUG = env.bool("DEBUG", default=True)

# WhiteNoise warns about a missing static root; on a developer's machine (and in the
# tests) it is simply not collected yet. Production creates it with collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Links in e-mails point at the address `make run` serves.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Without EMAIL_URL, every e-mail is written decoded and readable to var/mail/, one file
# per sending run (`ls -t var/mail | head`).
if not env.str("EMAIL_URL", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.DecodedFileBackend",
            "OPTIONS": {"file_path": str(BASE_DIR / "var" / "mail")},
        }
    }
