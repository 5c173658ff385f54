"""Citations as the public sees them: only of published sources, and only of published facts."""

from django.db.models import Prefetch

from casefile.sources.models import Source, citation_models

# What a fact's label and link need, fetched with it (see each fact model's ``__str__``).
FACT_RELATIONS = {
    "positioncitation": ["fact__person"],
    "testimonycitation": ["fact__speaker"],
    "victimcitation": ["fact__person"],
    "siteobservationcitation": ["fact__site"],
}


def published_citations(citation_model):
    """The citations of ``citation_model`` whose source is published, with the source fetched."""
    return citation_model.objects.filter(source__in=Source.objects.published()).select_related("source")


def with_citations(fact_model, lookup="citations"):
    """A ``Prefetch`` of the published citations of ``fact_model`` rows, by the relation ``lookup``."""
    citation_model = fact_model._meta.get_field("citations").related_model
    return Prefetch(lookup, queryset=published_citations(citation_model))


def source_citations(source):
    """Every citation of ``source`` whose fact the public may see, in the order of the text."""
    found = []
    for model in citation_models():
        fact_model = model._meta.get_field("fact").related_model
        related = ["fact", *FACT_RELATIONS.get(model._meta.model_name, [])]
        found.extend(
            model.objects.filter(source=source, fact__in=fact_model.objects.published()).select_related(*related)
        )
    for citation in found:
        citation.source = source
    return sorted(found, key=lambda c: (not c.verified, c.start or 0, c.end or 0, c.pk))
