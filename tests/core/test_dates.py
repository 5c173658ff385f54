import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from casefile.core.dates import format_partial_date, parse_partial_date
from casefile.events.models import Event
from tests.factories import EventFactory


@pytest.mark.parametrize(
    ("precision", "approximate", "expected"),
    [
        ("day", False, "30 July 1988"),
        ("month", False, "July 1988"),
        ("year", False, "1988"),
        ("month", True, "c. July 1988"),
    ],
)
def test_partial_date_is_displayed_with_only_what_is_known(precision, approximate, expected):
    with translation.override("en"):
        assert format_partial_date(datetime.date(1988, 7, 30), precision, approximate) == expected


def test_missing_date_displays_as_nothing():
    assert format_partial_date(None, "", False) == ""


def test_persian_display_uses_persian_month_names():
    with translation.override("fa"):
        text = format_partial_date(datetime.date(1988, 7, 1), "month")
    assert "۱۹۸۸" in text and "July" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1988", (datetime.date(1988, 1, 1), "year")),
        ("1988-07", (datetime.date(1988, 7, 1), "month")),
        ("1988-07-30", (datetime.date(1988, 7, 30), "day")),
        ("", (None, "")),
    ],
)
def test_parse_partial_date(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["1988-13", "July 1988", "1988-02-30"])
def test_parse_partial_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


@pytest.mark.django_db
class TestValidation:
    def test_month_precision_keeps_only_the_month(self):
        event = Event(title="Massacre", date=datetime.date(1988, 7, 19), date_precision="month")
        event.full_clean()
        assert event.date == datetime.date(1988, 7, 1)
        assert event.date_display == "July 1988"

    def test_year_precision_keeps_only_the_year(self):
        event = Event(title="Massacre", date=datetime.date(1988, 7, 19), date_precision="year")
        event.full_clean()
        assert event.date == datetime.date(1988, 1, 1)

    def test_date_without_precision_is_refused(self):
        event = Event(title="Massacre", date=datetime.date(1988, 7, 19))
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "date_precision" in error.value.message_dict

    def test_precision_without_date_is_refused(self):
        event = Event(title="Massacre", date_precision="month")
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "date" in error.value.message_dict

    def test_approximate_without_date_is_refused(self):
        event = Event(title="Massacre", date_approximate=True)
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "date_approximate" in error.value.message_dict

    def test_database_keeps_date_and_precision_together(self):
        event = EventFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(date_precision="")
