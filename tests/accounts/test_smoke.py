import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_renders_with_strict_csp(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert b'name="username"' in response.content
