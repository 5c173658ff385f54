from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import not_found, router

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="opendata/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
    # Any other address under the API is answered in JSON too, as the schema promises.
    re_path(r"^(?P<unknown>(?s:.*))$", not_found),
]
