"""One search box across people, victims, events, testimonies, sites and sources."""

import pytest
from django.db import connection
from django.urls import reverse

from casefile import selectors
from casefile.events.models import Event, Testimony
from casefile.people.models import Person
from casefile.places.models import Site
from casefile.public import trigram_costs
from casefile.public.views import SEARCH_RESULTS
from casefile.sources.matching import sha256
from casefile.sources.models import Source
from tests.factories import PersonFactory, SourceFactory, VictimFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity and full-text search need PostgreSQL"
)


def search(client, query):
    response = client.get(reverse("public:search"), {"q": query})
    assert response.status_code == 200
    return response.context["results"]


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("Pourmohammadi", "pourmohammadi"),
        ("Pour-Mohammadi", "pourmohammadi"),
        ("pour mohammadi", "pourmohammadi"),
        ("mostafa POURMOHAMMADI", "pourmohammadi"),
        ("Avaii", "avaei"),
        ("Avaie", "avaei"),
        ("Avaei", "avaei"),
        ("مصطفی پورمحمدی", "pourmohammadi"),
        ("مصطفي پورمحمدي", "pourmohammadi"),  # Arabic yeh (ي) for Persian yeh (ی)
        ("علیرضا آوایی", "avaei"),
        ("عليرضا اوايي", "avaei"),  # Arabic yeh, and alef without madda
    ],
)
def test_any_spelling_finds_the_right_person(client, demo, query, person):
    assert search(client, query)["people"] == [demo.people[person]]


def test_search_page_shows_the_person_with_their_spellings(client, demo):
    page = client.get(reverse("public:search"), {"q": "Avaii"}).content.decode()
    assert f'href="{demo.people["avaei"].get_absolute_url()}"' in page
    assert "Alireza <mark>Avaie</mark>" in page  # a spelling that sounds alike, marked


def test_search_finds_events_sites_testimonies_and_sources(client, demo):
    assert search(client, "anniversary conference")["events"] == [demo.events["paris"]]
    assert search(client, "evin")["sites"] == [demo.sites["evin"]]
    assert search(client, "اوین")["sites"] == [demo.sites["evin"]]
    assert search(client, "Commission of Inquiry")["testimonies"] == [demo.testimonies["boumedra"]]
    assert search(client, "Boumedra")["testimonies"] == [demo.testimonies["boumedra"]]
    assert demo.sources["geneva"] in search(client, "Geneva")["sources"]


def test_search_finds_victims_by_any_spelling(client, demo):
    assert search(client, "example victim 00001")["victims"] == [demo.victims[1]]


def test_people_and_victims_each_list_their_first_matches_exact_spellings_first(client, demo):
    sounds_alike = VictimFactory(person__name="Hosein Tabrizi")  # before "Hossein" by name, after it by spelling
    victims = [VictimFactory(person__name=f"Hossein Tabrizi {n:02d}") for n in range(SEARCH_RESULTS)]
    VictimFactory(person__name="Hossein Tabrizi draft", state="draft", person__state="draft")
    people = [PersonFactory(name=f"Hossein Tabrizi {n:02d} Senior") for n in range(SEARCH_RESULTS + 1)]
    found = search(client, "Hossein Tabrizi")
    assert found["victims"] == victims
    assert sounds_alike not in found["victims"]
    assert found["people"] == people[:SEARCH_RESULTS]
    page = client.get(reverse("public:search"), {"q": "Hossein Tabrizi"}).content.decode()
    assert f'href="{victims[0].get_absolute_url()}"' in page
    assert "<mark>Hossein</mark> <mark>Tabrizi</mark> 00</bdi>" in page  # the victim's name, from its person
    assert "All matches in the victims registry" in page
    assert "draft" not in page


def test_search_finds_only_published_records(client, demo):
    assert demo.sources["draft"] not in search(client, "Paris ceremony")["sources"]
    PersonFactory(name="Draft Pourmohammadi", state="draft")
    assert search(client, "Pourmohammadi")["people"] == [demo.people["pourmohammadi"]]


def test_a_pseudonymous_testimony_is_not_found_by_its_witness_name(client, demo):
    assert selectors.public(Testimony).search("Hidden Witness Realname").count() == 0
    assert selectors.public(Testimony).search("secret mass graves").get() == demo.testimonies["pseudonymous"]


def test_an_empty_query_finds_nothing(client, demo):
    for model in (Person, Event, Site, Source, Testimony):
        assert not selectors.public(model).search("  ").exists()
    assert search(client, "") == {}


@pytest.mark.postgres
@postgres_only
def test_a_misspelt_name_finds_the_person_on_postgresql(demo):
    assert list(selectors.public(Person).search("Pourmohamadi")) == [demo.people["pourmohammadi"]]
    assert list(selectors.public(Person).search("Mostafa Pourmohamadi")) == [demo.people["pourmohammadi"]]
    assert not selectors.public(Person).search("Boumedra Pourmohammadi").exists()


@pytest.mark.postgres
@postgres_only
def test_sources_are_searched_as_full_text_on_postgresql(demo):
    # English stemming: "inquiries" finds the texts that say "inquiry"; no text says "inquiries".
    found = list(selectors.public(Source).search("inquiries"))
    assert demo.sources["geneva"] in found
    assert demo.sources["draft"] not in found


@pytest.mark.postgres
@postgres_only
def test_a_source_text_changed_or_bulk_inserted_is_searched_at_once_on_postgresql(demo):
    """The indexed document is kept by PostgreSQL itself: a new text, however written, is found."""
    source = demo.sources["geneva"]
    source.snapshot += "\n\nA paragraph about the Zanjan courthouse."
    source.save()
    assert source in selectors.public(Source).search("courthouses")
    text = "Testimonies from Mashhad."
    (bulk,) = Source.objects.bulk_create(
        [Source(title="Bulk", slug="bulk", snapshot=text, snapshot_sha256=sha256(text))]
    )
    Source.objects.filter(pk=bulk.pk).update(state="published")
    assert list(selectors.public(Source).search("testimony mashhad")) == [bulk]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN SELECT id FROM sources_source WHERE search_document @@ to_tsquery('english', 'x')")
        assert "search_document" in " ".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@postgres_only
def test_a_source_search_is_answered_from_indexes_on_postgresql(demo):
    """A title or publisher holding the words, or the document matching them: found from indexes.

    Without an index of each branch PostgreSQL tested every source's document (19 ms for 5,000
    sources). Told to avoid reading the table whole, it still does so when no index can answer.
    """
    assert demo.sources["geneva"] in selectors.public(Source).search("Geneva inquiry")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Source.objects.search("Geneva inquiry").explain()
    assert "Seq Scan" not in plan
    assert "sources_source_title_trgm" in plan and "sources_source_search_document" in plan


@pytest.mark.postgres
@postgres_only
def test_a_source_s_search_document_is_kept_in_its_row_on_postgresql(demo):
    """A search ranks every matching source by its document: kept in the row (storage MAIN), not
    fetched from the table's TOAST storage a chunk at a time (4,785 sources ranked: 31 ms to 10 ms)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'sources_source'::regclass AND attname = %s",
            ["search_document"],
        )
        assert cursor.fetchone() == ("m",)
    text = " ".join(f"Testimony {n} of a prisoner held in Vakilabad in the summer of 1988." for n in range(300))
    long = SourceFactory(title="A long report", snapshot=text, snapshot_sha256=sha256(text))
    assert list(selectors.sources().search("Vakilabad prisoners")) == [long]


@pytest.mark.postgres
@postgres_only
def test_trigram_indexes_exist_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'public_%%_trgm'")
        assert {row[0] for row in cursor.fetchall()} == {
            "public_person_search_trgm",
            "public_person_names_trgm",
            "public_site_search_trgm",
            "public_event_search_trgm",
        }


@pytest.mark.postgres
@postgres_only
def test_close_names_are_asked_of_the_index_of_names_without_their_sound_keys_on_postgresql(demo):
    """Word similarity is worked out again for each name the index offers: from the names alone, not
    from their sound keys too (a misspelling's registry page on 30,000 victims: 51 to 32-45 ms of SQL)."""
    assert list(selectors.people().search("Pourmohamadi")) == [demo.people["pourmohammadi"]]
    assert selectors.people().nearest("Pourmohamadiyan") == [demo.people["pourmohammadi"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = [
            selectors.victims().search("Pourmohamadi").explain(),
            Person.objects.filter(pk__in=selectors.people().search("Pourmohamadi").values("pk")).explain(),
        ]
    for plan in plans:
        assert "public_person_names_trgm" in plan
        assert "split_part(search_text, ' ='::text, 1) %> 'pourmohamadi'::text" in plan


@pytest.mark.postgres
@postgres_only
def test_the_planner_knows_a_word_similarity_is_costly_on_postgresql(db):
    # Priced as cheap as "=", "%>" would be computed on every person rather than asked of the index.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, procost FROM pg_proc WHERE proname IN "
            "('word_similarity', 'word_similarity_op', 'word_similarity_commutator_op')"
        )
        assert dict(cursor.fetchall()) == {
            "word_similarity": 100,
            "word_similarity_op": 100,
            "word_similarity_commutator_op": 100,
        }


@pytest.mark.postgres
@postgres_only
def test_a_database_user_who_cannot_price_the_trigram_functions_gets_a_warning_not_an_error(db, monkeypatch, caplog):
    monkeypatch.setattr(trigram_costs, "FUNCTIONS", ("no_such_trigram_function",))
    trigram_costs.set_costs(connection)
    assert "Trigram search costs left unchanged" in caplog.text
    assert selectors.people().search("Pourmohammadi").count() == 0  # the connection still answers


def test_each_result_shows_the_words_that_matched(client, demo):
    page = client.get(reverse("public:search"), {"q": "Pourmohammadi"}).content.decode()
    assert "<mark>Pourmohammadi</mark>" in page  # the name
    assert "<mark>Pour-Mohammadi</mark>" in page  # and the other spelling, folded
    persian = client.get(reverse("public:search"), {"q": "پورمحمدي"}).content.decode()  # Arabic yeh
    assert "<mark>پورمحمدی</mark>" in persian
    sources = client.get(reverse("public:search"), {"q": "Geneva"}).content.decode()
    assert 'class="search-excerpt"' in sources and "<mark>Geneva</mark>" in sources


def test_a_name_found_by_its_sound_is_highlighted_in_persian_pages_too(client, demo):
    page = client.get("/fa" + reverse("public:search"), {"q": "Avaee"}).content.decode()
    assert "<mark>Avaei</mark>" in page


def test_the_search_page_has_a_single_search_box(client, demo):
    page = client.get(reverse("public:search"), {"q": "Evin"}).content.decode()
    assert page.count('type="search"') == 1
    assert page.count('role="search"') == 1
    assert 'value="Evin"' in page
    assert client.get("/").content.decode().count('type="search"') == 1  # other pages keep the header's


def test_a_query_with_markup_is_shown_as_text(client, demo):
    page = client.get(reverse("public:search"), {"q": "<img src=x onerror=alert(1)> Evin"}).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; Evin" in page  # in the box and in "Nothing published matches"
