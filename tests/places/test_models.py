import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from casefile.places.models import Site
from tests.factories import SiteFactory, SiteObservationFactory

pytestmark = pytest.mark.django_db


def test_coordinates_come_in_pairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(latitude=Decimal("35.79"), coordinate_precision="approximate")


def test_coordinates_need_their_precision():
    site = SiteFactory.build(latitude=Decimal("35.79"), longitude=Decimal("51.38"))
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "Say how precise" in str(error.value)


def test_coordinates_out_of_range_are_refused():
    site = SiteFactory.build(latitude=Decimal("95"), longitude=Decimal("51.38"), coordinate_precision="exact")
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "latitude" in error.value.message_dict


def test_other_names_are_searchable():
    site = SiteFactory(name="Gohardasht Prison", other_names="Rajaei Shahr\nGohar Dasht")
    assert site.alias_list == ["Rajaei Shahr", "Gohar Dasht"]
    assert Site.objects.filter(search_text__contains="gohardasht").count() == 1
    assert "rajaeishahr" in site.search_text


def test_observation_shows_status_and_partial_date():
    observation = SiteObservationFactory(
        site__name="Khavaran", date=datetime.date(2021, 1, 1), date_precision="year", status="built_over"
    )
    assert str(observation) == "Khavaran: built over (2021)"
    assert observation.get_absolute_url().endswith(f"#observation-{observation.pk}")


def test_a_site_s_address_is_worked_out_once_and_follows_the_reader_s_language_and_its_slug():
    site = SiteFactory(name="Evin Prison")
    with translation.override("en"):
        assert site.get_absolute_url() == "/sites/evin-prison/"
    with translation.override("fa"):
        assert site.get_absolute_url() == "/fa/sites/evin-prison/"
    site.slug = "evin"
    with translation.override("en"):
        assert site.get_absolute_url() == "/sites/evin/"
