import pytest

pytestmark = pytest.mark.django_db


def test_front_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Casefile" in response.text


def test_unknown_page_is_a_404(client):
    assert client.get("/no-such-page/").status_code == 404
