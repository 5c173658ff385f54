from django.urls import path

from . import feeds, views

app_name = "opendata"

urlpatterns = [
    path("data/", views.DataView.as_view(), name="data"),
    path("data/casefile.zip", views.data_package, name="data_package"),
    path("data/popolo.json", views.popolo, name="popolo"),
    path("data/<slug:name>.<str:extension>", views.download, name="download"),
    path("sources/<slug:slug>/citation.bib", views.source_bibtex, name="source_bibtex"),
    path("sources/<slug:slug>/citation.json", views.source_csl, name="source_csl"),
    path("feed.atom", feeds.ChangesFeed(), name="feed"),
]
