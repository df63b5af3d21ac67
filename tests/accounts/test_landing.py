import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language,says",
    [
        ("en", "Raise your LinkedIn Social Selling Index"),
        ("it", "Alza il tuo Social Selling Index di LinkedIn"),
    ],
)
def test_a_visitor_reads_what_the_product_does_in_their_language(client, language, says):
    client.cookies["ssi_language"] = language
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert f'href="{reverse("login")}"' in html


def test_the_login_page_links_to_the_landing_page(client):
    html = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("home")}">What SSI Coach does</a>' in html


def test_a_logged_in_trainee_still_goes_straight_to_the_dashboard(client_for, trainee):
    response = client_for(trainee).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
