"""The Solar Hijri calendar now lives in ``casefile.core.jalali``: every partial date uses it on Persian pages."""

from casefile.core.jalali import MONTHS, format_jalali, persian_digits, to_jalali

__all__ = ["MONTHS", "format_jalali", "persian_digits", "to_jalali"]
