"""The plain-text files crawlers and security researchers look for: robots.txt and security.txt."""

import datetime

from django.conf import settings
from django.core import checks
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

# Every public page may be indexed; search results are endless combinations of queries. The
# admin's address is not named: it is nobody's business, and robots.txt is read by anyone.
ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /fa/search/\n"


@require_safe
def robots_txt(request):
    sitemap = f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}\n"
    return HttpResponse(ROBOTS + sitemap, content_type="text/plain; charset=utf-8")


@require_safe
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability. Not served until ``SECURITY_CONTACT`` is set."""
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is set.")
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=180)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        f"Preferred-Languages: {', '.join(code for code, _name in settings.LANGUAGES)}",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def check_security_contact(app_configs, **kwargs):
    """``manage.py check --deploy`` warns when researchers have nobody to report a problem to."""
    if settings.SECURITY_CONTACT:
        return []
    return [
        checks.Warning(
            "SECURITY_CONTACT is not set: /.well-known/security.txt is not served.",
            hint="Set SECURITY_CONTACT=mailto:security@example.org (or an https:// address) in the environment.",
            id="casefile.W002",
        )
    ]
