"""Logging: a refused request is one short line in the log, and a flood of them is not a flood."""

import logging
import threading
import time

MAX_LENGTH = 300
WINDOW_SECONDS = 60
PER_WINDOW = 10


def one_line(text, limit=MAX_LENGTH):
    """``text`` on one line, control characters (NUL, line breaks) escaped, cut at ``limit`` characters."""
    escaped = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return escaped if len(escaped) <= limit else f"{escaped[: limit - 1]}…"


class RefusedRequests(logging.Filter):
    """Requests the site refuses (a 4xx answer: a bad ``Host``, a NUL byte, a form too large) are the
    client's fault, not the site's: each is logged in one line of at most ``MAX_LENGTH`` characters,
    without a traceback, and at most ``PER_WINDOW`` lines of one kind (logger and status) every
    ``WINDOW_SECONDS``; the next line logged says how many were left out. Errors of the site (5xx)
    and everything else pass unchanged. Counted per process.
    """

    def __init__(self, name=""):
        super().__init__(name)
        self._lock = threading.Lock()
        self._windows = {}  # (logger, status) -> [window start, lines logged, lines left out]

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        message = one_line(record.getMessage())
        record.exc_info = record.exc_text = record.stack_info = None
        key = (record.name, status)
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(key, [now, 0, 0])
            if now - window[0] >= WINDOW_SECONDS:
                left_out = window[2]
                window[:] = [now, 0, 0]
            else:
                left_out = 0
            if window[1] >= PER_WINDOW:
                window[2] += 1
                return False
            window[1] += 1
        if left_out:
            message += f" ({left_out} more like it in the previous {WINDOW_SECONDS} s left out)"
        record.msg, record.args = message, ()
        return True
