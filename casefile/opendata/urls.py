from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.DataView.as_view(), name="data"),
    path("data/casefile.zip", views.data_package, name="data_package"),
    path("data/<slug:name>.<str:extension>", views.download, name="download"),
]
