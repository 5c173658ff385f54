"""The Solar Hijri (Jalali) calendar, shown beside Gregorian dates on Persian pages.

A partial date keeps its precision: July 1988 is the end of Tir and most of Mordad 1367,
shown as "تیر–مرداد ۱۳۶۷", never as one invented Jalali day.
"""

import calendar
import datetime

MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def to_jalali(value):
    """(year, month, day) in the Solar Hijri calendar of the Gregorian date ``value``."""
    gy, gm, gd = value.year, value.month, value.day
    gy2 = gy + 1 if gm > 2 else gy
    days = 355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400 + gd + _MONTH_STARTS[gm - 1]
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def persian_digits(text):
    return str(text).translate(_DIGITS)


def _span(first, last, with_day):
    (y1, m1, d1), (y2, m2, _) = to_jalali(first), to_jalali(last)
    if with_day:
        return f"{d1} {MONTHS[m1 - 1]} {y1}"
    if (y1, m1) == (y2, m2):
        return f"{MONTHS[m1 - 1]} {y1}"
    if y1 == y2:
        return f"{MONTHS[m1 - 1]}–{MONTHS[m2 - 1]} {y1}"
    return f"{MONTHS[m1 - 1]} {y1} – {MONTHS[m2 - 1]} {y2}"


def format_jalali(value, precision, approximate=False):
    """A partial date in the Solar Hijri calendar, in Persian digits; "" for no date."""
    if value is None:
        return ""
    if precision == "year":
        first, last = to_jalali(datetime.date(value.year, 1, 1))[0], to_jalali(datetime.date(value.year, 12, 31))[0]
        text = f"{first}–{last}"
    elif precision == "month":
        last_day = calendar.monthrange(value.year, value.month)[1]
        text = _span(value.replace(day=1), value.replace(day=last_day), with_day=False)
    else:
        text = _span(value, value, with_day=True)
    text = persian_digits(text)
    return f"حدود {text}" if approximate else text


def nowruz(year):
    """The Gregorian date of 1 Farvardin of the Solar Hijri ``year`` (the first day of that year)."""
    for day in range(19, 23):
        candidate = datetime.date(year + 621, 3, day)
        if to_jalali(candidate) == (year, 1, 1):
            return candidate
    raise ValueError(f"No Nowruz found for {year}")
