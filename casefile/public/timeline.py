"""Where an event sits on the timeline's scale: the span its partial dates cover.

A day's event spans that day, a month's event its month, a year's event its year; an event with
an end date spans to the end of the end date's period. Undated events have no span.
"""

import datetime


def period_end(date, precision):
    """The first day after the period that ``date`` at ``precision`` names."""
    if precision == "year":
        return datetime.date(date.year + 1, 1, 1)
    if precision == "month":
        return datetime.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
    return date + datetime.timedelta(days=1)


def span(event):
    """(start, end) of the event on the scale, end exclusive; None when the event is undated."""
    if event.date is None:
        return None
    start = event.date
    if event.end_date:
        end = period_end(event.end_date, event.end_date_precision)
    else:
        end = period_end(event.date, event.date_precision)
    return start, max(end, period_end(start, "day"))


def place_on_scale(events):
    """Give each event ``timeline_start`` and ``timeline_end`` (ISO dates, or "" when undated)."""
    for event in events:
        where = span(event)
        event.timeline_start, event.timeline_end = (where[0].isoformat(), where[1].isoformat()) if where else ("", "")
    return events


def held_at(position, event):
    """Whether ``position`` was held when ``event`` took place, as far as their partial dates tell.

    A post without a start date, or that began after the event, is not; one without an end date is
    held only within the period of its start ("1988"), since whether it went on is not known.
    """
    when, start = span(event), position.start_date
    if when is None or start is None:
        return False
    if position.end_date:
        end = period_end(position.end_date, position.end_date_precision)
    else:
        end = period_end(start, position.start_date_precision)
    return start < when[1] and when[0] < end
