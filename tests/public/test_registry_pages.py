"""The victims registry pages by cursor: each page starts where the last one ended, however deep."""

import re

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from casefile.core.cache import content_changed
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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second connection to the same database server (SQLite's test database is in memory; "
    "a SQLite transaction always reads one snapshot)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("address", ["/victims/", "/victims/?page=1", "/victims/?q=Registry"])
def test_a_list_s_count_and_rows_are_read_in_one_snapshot_while_an_editor_publishes(client, address):
    victims = [VictimFactory(person__name=f"Registry Name {n:03d}") for n in range(3)]
    other = connections.create_connection(DEFAULT_DB_ALIAS)  # an editor's server, committing as it goes
    withdrawn = []

    def withdraw_after_the_count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("SELECT COUNT(*)") and not withdrawn:
            with other.cursor() as cursor:
                cursor.execute("UPDATE people_victim SET state = 'draft' WHERE id = %s", [victims[0].pk])
            content_changed()  # as the editor's server does after its change
            withdrawn.append(victims[0].pk)
        return result

    try:
        with connection.execute_wrapper(withdraw_after_the_count):
            page = client.get(address).content.decode()
        assert withdrawn, "the page counted its rows"
        # The count and the rows agree: both as before the withdrawal, which the next request shows.
        assert "3 people found" in page and names(page) == ["000", "001", "002"]
        again = client.get(address).content.decode()
        assert "2 people found" in again and names(again) == ["001", "002"]
    finally:
        other.close()
