from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import router

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="opendata/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
]
