from django.urls import path

from . import files, views
from .snapshot import in_one_snapshot

app_name = "public"

urlpatterns = [
    path("", in_one_snapshot(views.HomeView.as_view()), name="home"),
    path("search/", in_one_snapshot(views.SearchView.as_view()), name="search"),
    path("cases/<slug:slug>/", in_one_snapshot(views.CaseDetailView.as_view()), name="case_detail"),
    path("sources/<slug:slug>/file/", files.source_file, name="source_file"),
    path("events/", in_one_snapshot(views.EventListView.as_view()), name="event_list"),
    path("events/<slug:slug>/", in_one_snapshot(views.EventDetailView.as_view()), name="event_detail"),
    path("officials/", in_one_snapshot(views.OfficialListView.as_view()), name="official_list"),
    path("people/", in_one_snapshot(views.PersonListView.as_view()), name="person_list"),
    path("people/<slug:slug>/", in_one_snapshot(views.PersonDetailView.as_view()), name="person_detail"),
    path("testimonies/", in_one_snapshot(views.TestimonyListView.as_view()), name="testimony_list"),
    path("testimonies/<int:pk>/", in_one_snapshot(views.TestimonyDetailView.as_view()), name="testimony_detail"),
    path("organisations/", in_one_snapshot(views.OrganisationListView.as_view()), name="organisation_list"),
    path(
        "organisations/<slug:slug>/",
        in_one_snapshot(views.OrganisationDetailView.as_view()),
        name="organisation_detail",
    ),
    path("sites/", in_one_snapshot(views.SiteListView.as_view()), name="site_list"),
    path("sites/<slug:slug>/", in_one_snapshot(views.SiteDetailView.as_view()), name="site_detail"),
    path("victims/", in_one_snapshot(views.VictimListView.as_view()), name="victim_list"),
    path("victims/<int:pk>/", in_one_snapshot(views.VictimDetailView.as_view()), name="victim_detail"),
    path("figures/", in_one_snapshot(views.FigureListView.as_view()), name="figure_list"),
    path("figures/<int:pk>/", in_one_snapshot(views.FigureDetailView.as_view()), name="figure_detail"),
    path("sources/", in_one_snapshot(views.SourceListView.as_view()), name="source_list"),
    path("sources/<slug:slug>/", in_one_snapshot(views.SourceDetailView.as_view()), name="source_detail"),
]
