import datetime

import pytest
from django.db import IntegrityError, transaction

from casefile.cases.models import CaseCitation
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_case_period_and_url():
    case = CaseFactory(
        title="1988 massacre",
        start_date=datetime.date(1988, 7, 1),
        start_date_precision="month",
        start_date_approximate=True,
    )
    assert case.period_display == "c. July 1988"
    assert case.get_absolute_url() == "/cases/1988-massacre/"


def test_records_belong_to_cases():
    case = CaseFactory()
    person = PersonFactory(cases=[case])
    assert list(case.people_person_set.all()) == [person]


def test_case_citation_needs_a_quote(source):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseCitation.objects.bulk_create([CaseCitation(fact=CaseFactory(), source=source, quote="")])
