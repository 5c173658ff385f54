"""The public site. Every view reads through the one visibility rule, ``published()``."""

from django.views.generic import DetailView, ListView

from casefile.cases.models import Case
from casefile.events.models import Event, Testimony
from casefile.figures.models import Figure
from casefile.people.models import Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source


class HomeView(ListView):
    template_name = "public/home.html"
    context_object_name = "cases"

    def get_queryset(self):
        return Case.objects.published()


class PublishedDetailView(DetailView):
    template_name = "public/record_detail.html"
    context_object_name = "record"

    def get_queryset(self):
        return self.model.objects.published()


class CaseDetailView(PublishedDetailView):
    model = Case


class SourceDetailView(PublishedDetailView):
    model = Source


class PersonDetailView(PublishedDetailView):
    model = Person


class VictimDetailView(PublishedDetailView):
    model = Victim

    def get_queryset(self):
        return super().get_queryset().filter(person__in=Person.objects.published()).select_related("person")


class EventDetailView(PublishedDetailView):
    model = Event


class TestimonyDetailView(PublishedDetailView):
    model = Testimony

    def get_queryset(self):
        return super().get_queryset().select_related("speaker")


class SiteDetailView(PublishedDetailView):
    model = Site


class FigureListView(ListView):
    template_name = "public/figure_list.html"
    context_object_name = "figures"

    def get_queryset(self):
        return Figure.objects.published().select_related("question")


class FigureDetailView(PublishedDetailView):
    model = Figure
