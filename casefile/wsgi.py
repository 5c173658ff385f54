import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casefile.settings")

application = get_wsgi_application()

from casefile.core.readiness import log_start_up_state  # noqa: E402 - needs Django set up

log_start_up_state()

# What loading made (modules, models, settings) lives as long as the process: moved out of the
# garbage collector's sight, so that its full collections during a request walk only the request's
# objects. Measured in process: a source page's p95 from 122 to 67 ms (p50 unchanged).
gc.freeze()
