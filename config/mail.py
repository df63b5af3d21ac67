"""A mail backend for developer machines: every e-mail as a readable file.

Django's file backend writes the raw MIME message, where non-ASCII text and long lines
arrive quoted-printable or base64 (``=C3=A8``, soft line breaks): hard to read and links
that cannot be clicked. This one writes the headers and every text part decoded.
"""

from __future__ import annotations

from email import message_from_bytes, policy
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class DecodedFileBackend(EmailBackend):
    def write_message(self, message) -> None:
        parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
        lines = [f"{name}: {value}" for name, value in parsed.items()]
        for part in parsed.walk():
            if part.is_multipart():
                continue
            lines += ["", f"----- {part.get_content_type()} -----", ""]
            try:
                lines.append(part.get_content())
            except (LookupError, KeyError):
                lines.append(f"[{part.get_content_type()}, not shown]")
        # The parent opens the file in binary mode.
        stream: Any = self.stream
        stream.write(("\n".join(str(line) for line in lines) + "\n").encode())
        stream.write(b"-" * 79 + b"\n")
