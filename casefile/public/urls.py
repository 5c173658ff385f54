from django.urls import path

from . import files, views
from .snapshot import in_one_snapshot

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("sources/<slug:slug>/file/", files.source_file, name="source_file"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("testimonies/", views.TestimonyListView.as_view(), name="testimony_list"),
    path("testimonies/<int:pk>/", views.TestimonyDetailView.as_view(), name="testimony_detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/<slug:slug>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("victims/", views.VictimListView.as_view(), name="victim_list"),
    path("victims/<int:pk>/", views.VictimDetailView.as_view(), name="victim_detail"),
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("figures/<int:pk>/", views.FigureDetailView.as_view(), name="figure_detail"),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
]

# Every page of the public site reads the database in one snapshot, its template included.
for _pattern in urlpatterns:
    _pattern.callback = in_one_snapshot(_pattern.callback)
