import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import EventFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(end_date=datetime.date(2020, 1, 1), end_date_precision="year")


def test_event_period_display():
    event = EventFactory(
        date=datetime.date(1988, 7, 1),
        date_precision="month",
        end_date=datetime.date(1988, 9, 1),
        end_date_precision="month",
    )
    assert event.date_display == "July 1988 – September 1988"
    assert str(event) == f"{event.title} (July 1988 – September 1988)"


def test_witness_codes_are_unique():
    codes = {TestimonyFactory(confidentiality="pseudonymous").witness_code for _ in range(20)}
    assert len(codes) == 20
    assert all(code.startswith("W-") for code in codes)


def test_a_named_testimony_has_no_witness_code():
    assert TestimonyFactory().witness_code == ""


def test_testimony_needs_a_statement():
    with pytest.raises(IntegrityError), transaction.atomic():
        TestimonyFactory(text="")
