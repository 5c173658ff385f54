"""The victims registry pages by cursor: each page starts where the last one ended, however deep."""

import datetime
import re

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

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


def test_a_registry_row_names_links_and_labels_each_fact_in_the_reader_s_language(client):
    evin = SiteFactory(name="Evin <Prison>", slug="evin")
    victim = VictimFactory(
        person__name="Reza <b>Zolfaghari</b>",
        person__name_fa="رضا ذوالفقاری",
        prison=evin,
        death_date=datetime.date(1988, 8, 1),
        death_date_precision="month",
    )
    unplaced = VictimFactory(person__name="Ali Ahmadi", fate="disappeared")
    page = client.get("/victims/").content.decode()
    assert (
        f'<tr>\n<th scope="row"><a href="/victims/{victim.pk}/"><bdi>Reza &lt;b&gt;Zolfaghari&lt;/b&gt;</bdi> '
        '<span lang="fa" dir="rtl">رضا ذوالفقاری</span>\n</a></th>\n'
        '<td data-label="Fate">executed</td>\n<td data-label="Date of death">August 1988</td>\n'
        '<td data-label="Prison"><a href="/sites/evin/"><bdi>Evin &lt;Prison&gt;</bdi></a></td>\n'
        '<td data-label="Place of burial">—</td>\n</tr>'
    ) in page
    assert (
        f'<a href="/victims/{unplaced.pk}/"><bdi>Ali Ahmadi</bdi>\n</a></th>\n'
        '<td data-label="Fate">disappeared</td>\n<td data-label="Date of death">—</td>\n'
        '<td data-label="Prison">—</td>\n<td data-label="Place of burial">—</td>\n</tr>'
    ) in page
    persian = client.get("/fa/victims/").content.decode()
    assert f'<a href="/fa/victims/{victim.pk}/">' in persian
    assert '<td data-label="زندان"><a href="/fa/sites/evin/">' in persian


def test_a_search_s_pages_count_every_match_and_end_where_the_matches_do(client):
    for n in range(60):
        VictimFactory(person__name=f"Registry Name {n:03d}")
    VictimFactory(person__name="Someone Else")
    first = client.get("/victims/", {"q": "Registry"}).content.decode()
    second = client.get("/victims/", {"q": "Registry", "page": 2}).content.decode()
    assert "60 people found" in first and "60 people found" in second
    assert names(first) + names(second) == [f"{n:03d}" for n in range(60)]
    assert client.get("/victims/", {"q": "Registry", "page": 3}).status_code == 404
    # Each page reads the matches once, its count with its rows; so does a search that finds no one.
    for query in ({"q": "registry name", "page": 2}, {"q": "Nobody Here"}):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/victims/", query).content.decode()
        assert len([q for q in queries if '"people_victim"' in q["sql"]]) == 1
    assert "0 people found" in page


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


def test_the_filter_lists_name_each_site_in_the_readers_language(client):
    translated = SiteFactory(name_en="Evin Prison", name_fa="زندان اوین")
    untranslated = SiteFactory(name_en="Gohardasht Prison", name_fa="")

    def prison_list(address):
        return re.search(r'<select name="prison".*?</select>', client.get(address).content.decode(), re.S).group()

    persian = prison_list("/fa/victims/")
    assert f'<option value="{translated.pk}">زندان اوین</option>' in persian
    # A site not yet translated is listed by its original name.
    assert f'<option value="{untranslated.pk}">Gohardasht Prison</option>' in persian
    english = prison_list("/victims/")
    assert f'<option value="{translated.pk}">Evin Prison</option>' in english
    assert "زندان" not in english


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

    def withdraw_after_the_first_read(execute, sql, params, many, context):
        # After the first statement that reads the registry: its count, or its rows (a search reads
        # both in one statement; a cursor page reads its rows first).
        result = execute(sql, params, many, context)
        if sql.startswith("SELECT") and '"people_victim"' in sql and not withdrawn:
            with other.cursor() as cursor:
                cursor.execute("UPDATE people_victim SET state = 'draft' WHERE id = %s", [victims[0].pk])
            content_changed()  # as the editor's server does after its change
            withdrawn.append(victims[0].pk)
        return result

    try:
        with connection.execute_wrapper(withdraw_after_the_first_read):
            page = client.get(address).content.decode()
        assert withdrawn, "the page read the registry"
        # The count and the rows agree: both as before the withdrawal, which the next request shows.
        assert "3 people found" in page and names(page) == ["000", "001", "002"]
        again = client.get(address).content.decode()
        assert "2 people found" in again and names(again) == ["001", "002"]
    finally:
        other.close()
