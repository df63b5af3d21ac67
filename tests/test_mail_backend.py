"""The developer machine's mail backend writes e-mails decoded and readable."""

from django.core.mail import EmailMultiAlternatives
from django.test import override_settings


def test_the_file_backend_writes_decoded_text_and_html(tmp_path):
    mailers = {
        "default": {
            "BACKEND": "config.mail.DecodedFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    long_link = "http://127.0.0.1:8000/unsubscribe/" + "x" * 120 + "/"
    with override_settings(MAILERS=mailers):
        message = EmailMultiAlternatives(
            "Le attività di oggi", f"Perché è già ora.\n{long_link}\n", to=["a@example.com"]
        )
        message.attach_alternative(f'<a href="{long_link}">già</a>', "text/html")
        message.send()
    [written] = list(tmp_path.iterdir())
    text = written.read_text()
    assert "Subject: Le attività di oggi" in text
    assert "Perché è già ora." in text
    assert long_link in text  # whole, not folded by quoted-printable soft breaks
    assert f'<a href="{long_link}">già</a>' in text
    assert "=C3" not in text and "=\n" not in text
