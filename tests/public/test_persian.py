"""What a Persian reader sees on /fa/: Persian names and texts, Solar Hijri dates, Persian digits and commas."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from casefile.people.models import PositionCitation
from tests.factories import EventFactory, PositionFactory, cite

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    translation.activate("en")
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_persons_heading_is_their_persian_name_on_persian_pages(client, demo):
    url = demo.people["pourmohammadi"].get_absolute_url()
    assert "<h1><bdi>مصطفی پورمحمدی</bdi></h1>" in page(client, f"/fa{url}")
    assert "<h1><bdi>Mostafa Pourmohammadi</bdi></h1>" in page(client, url)


def test_a_person_without_a_persian_name_keeps_the_latin_one(client, demo):
    url = demo.people["boumedra"].get_absolute_url()
    assert "<h1><bdi>Tahar Boumedra</bdi></h1>" in page(client, f"/fa{url}")


def test_a_persian_name_added_by_the_editors_says_so(client, demo):
    person = demo.people["avaei"]
    person.name_fa_added_by_editors = True
    person.save()
    text = page(client, f"/fa{person.get_absolute_url()}")
    assert "نام به خط فارسی را ویراستاران افزوده‌اند" in text


def test_a_post_title_is_shown_in_persian_and_an_untranslated_one_is_marked(client, demo):
    text = page(client, f"/fa{demo.people['pourmohammadi'].get_absolute_url()}")
    assert '<span lang="fa" dir="rtl">وزیر دادگستری</span>' in text
    assert '<span lang="en" dir="ltr" class="fallback">Member of the &#x27;Death Commission&#x27;</span>' in text


def test_every_date_on_a_persian_page_has_persian_digits_and_its_solar_hijri_date(client, demo):
    # A position of July 1988: Tir–Mordad 1367.
    text = page(client, f"/fa{demo.people['pourmohammadi'].get_absolute_url()}")
    assert "۱۹۸۸ (تیر–مرداد ۱۳۶۷)" in text
    # The English page has neither.
    english = page(client, demo.people["pourmohammadi"].get_absolute_url())
    assert "۱۳۶۷" not in english and "July 1988" in english


def test_citations_sources_and_search_results_show_solar_hijri_dates_on_persian_pages(client, demo):
    # The Paris article is dated July 2023: Tir–Mordad 1402.
    assert "تیر–مرداد ۱۴۰۲" in page(client, f"/fa{demo.sources['paris'].get_absolute_url()}")
    assert "تیر–مرداد ۱۴۰۲" in page(client, "/fa" + reverse("public:source_list"))
    results = page(client, "/fa" + reverse("public:search") + "?q=Experts+decry")
    assert "تیر–مرداد ۱۴۰۲" in results


def test_a_citation_of_a_dated_source_shows_the_solar_hijri_date(client, demo):
    position = PositionFactory(person=demo.people["boumedra"], title="Director")
    cite(PositionCitation, position, demo.sources["paris"], "JVMI Director Tahar Boumedra")
    text = page(client, f"/fa{demo.people['boumedra'].get_absolute_url()}")
    assert "JVMI Director Tahar Boumedra" in text  # the quote stays verbatim, in English
    assert "تیر–مرداد ۱۴۰۲" in text


def test_lists_of_names_use_the_persian_comma_on_persian_pages(client, demo):
    url = demo.people["avaei"].get_absolute_url()
    avaei = page(client, reverse("public:official_list"))
    assert "Alireza Avaie</bdi>, <bdi>" in avaei or "Alireza Avaii</bdi>, <bdi>" in avaei
    persian = page(client, "/fa" + reverse("public:official_list"))
    assert "</bdi>، <bdi>Alireza Avai" in persian
    assert url


def test_an_event_is_found_by_its_persian_title_and_shown_in_persian(client, demo):
    event = EventFactory(
        title="Commemoration in Paris",
        title_fa="مراسم یادبود در پاریس",
        description="A commemoration.",
        description_fa="یک مراسم یادبود.",
        date=datetime.date(1988, 8, 1),
        date_precision="month",
        cases=[demo.case],
    )
    results = page(client, "/fa" + reverse("public:search") + "?q=یادبود")
    assert f'href="/fa{event.get_absolute_url()}"' in results
    assert "مراسم یادبود در پاریس" in re.sub(r"</?mark>", "", results)  # the matched word is marked
    text = page(client, f"/fa{event.get_absolute_url()}")
    assert '<h1><bdi><span lang="fa" dir="rtl">مراسم یادبود در پاریس</span></bdi></h1>' in text
    assert "یک مراسم یادبود." in text
    assert "مرداد–شهریور ۱۳۶۷" in text


@pytest.mark.parametrize("year", ["1988", "۱۹۸۸", "1367", "۱۳۶۷"])
def test_the_timeline_filter_takes_either_calendars_year_in_either_digits(client, demo, year):
    text = page(client, "/fa" + reverse("public:event_list") + f"?year={year}")
    assert demo.events["massacre"].get_absolute_url() in text


def test_a_solar_hijri_year_finds_what_happened_in_it_only(client, demo):
    # 1402 began on 21 March 2023: the July 2023 conference is in it, the 1988 massacre is not.
    text = page(client, reverse("public:event_list") + "?year=1402")
    assert demo.events["paris"].get_absolute_url() in text
    assert demo.events["massacre"].get_absolute_url() not in text


@pytest.mark.parametrize("year", ["nineteen", "0", "-5", "1988.5", "99999"])
def test_a_year_that_is_not_one_is_refused_with_a_message_not_an_error(client, demo, year):
    response = client.get(reverse("public:event_list"), {"year": year})
    assert response.status_code == 200
    assert "Enter a year, such as 1988 or 1367." in response.content.decode()
    assert demo.events["massacre"].title not in response.content.decode()


def test_the_source_language_is_named_not_coded_on_persian_pages(client, demo):
    text = page(client, f"/fa{demo.sources['paris'].get_absolute_url()}")
    assert "<dd>انگلیسی</dd>" in text
