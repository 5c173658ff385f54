from django.urls import path

from . import files, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("sources/<slug:slug>/file/", files.source_file, name="source_file"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("victims/<int:pk>/", views.VictimDetailView.as_view(), name="victim_detail"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("testimonies/<int:pk>/", views.TestimonyDetailView.as_view(), name="testimony_detail"),
    path("sites/<slug:slug>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("figures/<int:pk>/", views.FigureDetailView.as_view(), name="figure_detail"),
]
