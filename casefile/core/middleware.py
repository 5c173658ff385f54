"""Middleware that keeps bad input from ever reaching a query."""

from django.core.exceptions import BadRequest


class RejectNulCharactersMiddleware:
    """Answer 400 to a request whose address or form data holds a NUL character.

    PostgreSQL cannot store or compare text with NUL in it, and raises an error (a 500) where any
    search box or filter passes one on, as the admin's search does. No real request needs NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            raise BadRequest("NUL character in the request.")
        return self.get_response(request)


def _has_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())
