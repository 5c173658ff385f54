import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casefile.settings")

application = get_wsgi_application()

from casefile.core.readiness import log_start_up_state  # noqa: E402 - needs Django set up

log_start_up_state()
