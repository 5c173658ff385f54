from rest_framework.throttling import AnonRateThrottle

from casefile.core.security import client_ip


class AnonymousRate(AnonRateThrottle):
    """The anonymous rate (``API_ANONYMOUS_RATE``) per client address, behind a proxy too (``CLIENT_IP_HEADER``).

    Over the limit, the API answers 429 with ``Retry-After``.
    """

    def get_ident(self, request):
        return client_ip(request)

    def get_rate(self):
        from django.conf import settings

        return settings.API_ANONYMOUS_RATE
