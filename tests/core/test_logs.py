"""The log: a refused request is one short line without a traceback, and a flood of them is cut short."""

import io
import logging

import pytest
from django.test import Client

from casefile.core.logs import MAX_LENGTH, PER_WINDOW, RefusedRequests, one_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """What the site's console handler (as configured in settings.LOGGING) writes."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, RefusedRequests) for each in handler.filters)
    )
    for each in handler.filters:
        each._windows.clear()
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def lines(written):
    return written.getvalue().splitlines()


def test_a_bad_host_is_one_short_line(log):
    host = "h" * 5000
    assert Client().get("/", HTTP_HOST=host).status_code == 400
    assert len(lines(log)) == 1
    assert lines(log)[0].startswith("Invalid HTTP_HOST header: 'hhhh")
    assert len(lines(log)[0]) <= MAX_LENGTH
    assert "Traceback" not in log.getvalue()


def test_a_nul_byte_is_one_line_with_the_nul_escaped(log):
    assert Client().get("/sources/a%00b/").status_code == 400
    assert lines(log) == ["NUL character in the request.: /sources/a\\x00b/"]


def test_repeats_are_cut_short_and_counted(log):
    for n in range(PER_WINDOW + 25):
        Client().get("/", HTTP_HOST=f"attacker-{n}.example")
    assert len(lines(log)) == PER_WINDOW
    assert all(line.startswith("Invalid HTTP_HOST header") for line in lines(log))


def test_errors_of_the_site_keep_their_traceback(log, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    assert Client(raise_request_exception=False).get("/boom/").status_code == 500
    assert "Traceback" in log.getvalue()
    assert "RuntimeError" in log.getvalue()


def test_one_line_escapes_line_breaks_and_cuts_long_text():
    assert one_line("a\nb\x00c") == "a\\nb\\x00c"
    assert len(one_line("x" * 10_000)) == MAX_LENGTH
    assert one_line("x" * 10_000).endswith("…")


def test_the_count_of_lines_left_out_is_logged_with_the_next_window(monkeypatch):
    refused = RefusedRequests()
    clock = [1000.0]
    monkeypatch.setattr("casefile.core.logs.time.monotonic", lambda: clock[0])

    def record():
        made = logging.LogRecord("django.security.DisallowedHost", logging.ERROR, "", 0, "bad host", (), None)
        made.status_code = 400
        return made

    passed = [refused.filter(record()) for _ in range(PER_WINDOW + 3)]
    assert passed.count(True) == PER_WINDOW
    clock[0] += 61
    later = record()
    assert refused.filter(later)
    assert later.getMessage() == "bad host (3 more like it in the previous 60 s left out)"
