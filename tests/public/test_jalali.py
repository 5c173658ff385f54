import datetime

import pytest
from django.utils import translation

from casefile.core.jalali import format_jalali, to_jalali

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (datetime.date(1988, 7, 1), (1367, 4, 10)),
        (datetime.date(2023, 7, 3), (1402, 4, 12)),
        (datetime.date(1979, 2, 11), (1357, 11, 22)),
        (datetime.date(2024, 3, 20), (1403, 1, 1)),
        (datetime.date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year
    ],
)
def test_gregorian_to_solar_hijri(gregorian, jalali):
    assert to_jalali(gregorian) == jalali


def test_a_partial_date_keeps_its_precision_in_the_solar_hijri_calendar():
    assert format_jalali(datetime.date(2023, 7, 3), "day") == "۱۲ تیر ۱۴۰۲"
    assert format_jalali(datetime.date(1988, 7, 1), "month") == "تیر–مرداد ۱۳۶۷"
    assert format_jalali(datetime.date(1988, 7, 1), "month", approximate=True) == "حدود تیر–مرداد ۱۳۶۷"
    assert format_jalali(datetime.date(1988, 1, 1), "year") == "۱۳۶۶–۱۳۶۷"
    assert format_jalali(datetime.date(1989, 3, 1), "month") == "اسفند ۱۳۶۷ – فروردین ۱۳۶۸"
    assert format_jalali(None, "") == ""


def test_persian_pages_add_the_solar_hijri_date(client, demo):
    url = demo.events["paris"].get_absolute_url()
    assert "۱۲ تیر ۱۴۰۲" in client.get(f"/fa{url}").content.decode()
    translation.activate("en")
    assert "۱۴۰۲" not in client.get(url).content.decode()
