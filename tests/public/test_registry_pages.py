"""The victims registry pages by cursor: each page starts where the last one ended, however deep."""

import re

import pytest

from tests.factories import SiteFactory, VictimFactory

pytestmark = pytest.mark.django_db


def names(page):
    return re.findall(r"Registry Name (\d+)", page)


def next_link(page, rel="next"):
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_cursor_pages_walk_the_whole_registry_in_name_order_and_back(client):
    for n in range(120):
        VictimFactory(person__name=f"Registry Name {n:03d}")
    seen, url, pages = [], "/victims/", []
    while url:
        page = client.get(url if url.startswith("/") else "/victims/" + url).content.decode()
        pages.append(page)
        assert "120 people found" in page
        seen += names(page)
        url = next_link(page)
    assert seen == [f"{n:03d}" for n in range(120)]
    assert len(pages) == 3
    back = client.get("/victims/" + next_link(pages[-1], "prev")).content.decode()
    assert names(back) == [f"{n:03d}" for n in range(50, 100)]


def test_a_cursor_link_stays_valid_when_rows_are_added_before_it(client):
    victims = [VictimFactory(person__name=f"Registry Name {n:03d}") for n in range(60)]
    url = f"/victims/?after={victims[49].pk}"
    VictimFactory(person__name="Registry Name 000a")
    assert names(client.get(url).content.decode()) == [f"{n:03d}" for n in range(50, 60)]


@pytest.mark.parametrize("cursor", ["x", "999999999", "-1"])
def test_a_bad_cursor_is_404(client, cursor):
    VictimFactory()
    assert client.get("/victims/", {"after": cursor}).status_code == 404
    assert client.get("/victims/", {"before": cursor}).status_code == 404


def test_old_page_numbers_still_work(client):
    for n in range(60):
        VictimFactory(person__name=f"Registry Name {n:03d}")
    assert names(client.get("/victims/?page=2").content.decode()) == [f"{n:03d}" for n in range(50, 60)]


def test_the_filter_lists_offer_the_public_prisons_and_keep_the_chosen_one(client):
    from django import forms

    from casefile.public.filters import VictimFilter

    chosen = SiteFactory(name="Evin <Prison> & Co")
    SiteFactory(name="Gohardasht")
    SiteFactory(name="Draft Prison", state="draft")
    VictimFactory(prison=chosen)
    page = client.get("/victims/", {"prison": chosen.pk}).content.decode()
    prison_list = re.search(r'<select name="prison".*?</select>', page, re.S).group()
    assert f'<option value="{chosen.pk}" selected>Evin &lt;Prison&gt; &amp; Co</option>' in prison_list
    assert "Gohardasht" in prison_list
    assert "Draft Prison" not in prison_list
    # The same HTML as Django's own template-rendered <select>, for every list of the form.
    form = VictimFilter({"prison": chosen.pk, "fate": "executed"}).form
    for name in ("prison", "fate", "burial_site"):
        field = form[name]
        attrs = field.build_widget_attrs({"id": field.auto_id})
        django_html = forms.Select.render(field.field.widget, field.html_name, field.value(), attrs=attrs)
        assert re.sub(r"\s*\n\s*", "", django_html) == str(field)
