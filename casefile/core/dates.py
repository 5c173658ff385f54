"""Dates that history knows only in part: a date plus its precision.

A record that says "July 1988" stores 1988-07-01 with the precision ``month``;
it is displayed as "July 1988", never as "1 July 1988". The stored day (and month,
for a year) is always the first, so that partial dates sort with full ones.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .jalali import format_jalali, persian_digits


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def partial_date_fields(verbose_name, help_text=""):
    """The three fields of one partial date, to unpack in a model body.

    ``date, date_precision, date_approximate = partial_date_fields(_("date"))``
    """
    return (
        models.DateField(verbose_name, null=True, blank=True, help_text=help_text),
        models.CharField(
            _("%(name)s precision") % {"name": verbose_name},
            max_length=5,
            choices=DatePrecision.choices,
            blank=True,
            help_text=_(
                "How much of the date is known. For “July 1988” enter 1 July 1988 "
                "and choose “month”; for “1988” choose “year”."
            ),
        ),
        models.BooleanField(
            _("%(name)s is approximate") % {"name": verbose_name},
            default=False,
            help_text=_("Tick when the source only gives an approximate date, e.g. “summer 1988”."),
        ),
    )


def partial_date_constraints(field):
    """Database constraints that keep a date and its precision together."""
    precision = f"{field}_precision"
    approximate = f"{field}_approximate"
    return [
        models.CheckConstraint(
            condition=(
                Q(**{f"{field}__isnull": True, precision: ""})
                | (Q(**{f"{field}__isnull": False}) & ~Q(**{precision: ""}))
            ),
            name=f"%(app_label)s_%(class)s_{field}_has_precision",
            violation_error_message=_("A date needs its precision, and a precision needs a date."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": False}) | Q(**{approximate: False}),
            name=f"%(app_label)s_%(class)s_{field}_approximate_needs_date",
            violation_error_message=_("Only a date that is given can be approximate."),
        ),
    ]


def truncate(value, precision):
    """The date as stored for ``precision``: the first day of its month or year."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def validate_partial_date(instance, field):
    """Check and normalise one partial date of ``instance``; return the errors by field."""
    value = getattr(instance, field)
    precision = getattr(instance, f"{field}_precision")
    approximate = getattr(instance, f"{field}_approximate")
    errors = {}
    if value is None:
        if precision:
            errors[field] = _("Enter the date, or clear its precision.")
        if approximate:
            errors[f"{field}_approximate"] = _("Only a date that is given can be approximate.")
    elif not precision:
        errors[f"{field}_precision"] = _(
            "Say how much of this date is known: the day, only the month, or only the year."
        )
    else:
        setattr(instance, field, truncate(value, precision))
    return errors


def format_partial_date(value, precision, approximate=False):
    """Display a partial date as a reader would write it: "3 July 2023", "July 1988", "1988"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        text = date_format(value, "Y")
    elif precision == DatePrecision.MONTH:
        text = date_format(value, "F Y")
    else:
        text = date_format(value, "j F Y")
    if approximate:
        text = gettext("c. %(date)s") % {"date": text}
    if is_persian():
        # Persian readers get Persian digits, and the Solar Hijri date beside the Gregorian one.
        return f"{persian_digits(text)} ({format_jalali(value, precision, approximate)})"
    return text


def is_persian():
    return (get_language() or "").startswith("fa")


def parse_partial_date(text):
    """Read "1988", "1988-07" or "1988-07-30" into (date, precision); ("", …) gives (None, "")."""
    text = (text or "").strip()
    if not text:
        return None, ""
    parts = text.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return datetime.date(numbers[0], 1, 1), DatePrecision.YEAR
        if len(numbers) == 2:
            return datetime.date(numbers[0], numbers[1], 1), DatePrecision.MONTH
        if len(numbers) == 3:
            return datetime.date(*numbers), DatePrecision.DAY
    except ValueError:
        pass
    raise ValueError(f"Not a partial date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")


class PartialDatesMixin:
    """Validates and displays the partial dates a model lists in ``partial_dates``."""

    partial_dates = ()

    def clean_partial_dates(self):
        errors = {}
        for field in self.partial_dates:
            errors.update(validate_partial_date(self, field))
        return errors

    def clean(self):
        super().clean()
        errors = self.clean_partial_dates()
        if errors:
            raise ValidationError(errors)

    def partial_date_display(self, field):
        return format_partial_date(
            getattr(self, field), getattr(self, f"{field}_precision"), getattr(self, f"{field}_approximate")
        )

    def period_between(self, start_field, end_field):
        """The period as readers see it ("July 1988 – 1989"), or the one date known, or an empty string."""
        start = self.partial_date_display(start_field)
        end = self.partial_date_display(end_field)
        return f"{start} – {end}" if start and end and start != end else start or end
