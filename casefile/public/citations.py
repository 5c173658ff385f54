"""Citations as the public sees them: of published sources and public facts (``casefile.selectors``)."""

from django.db.models import Prefetch

from casefile import selectors
from casefile.sources.models import citation_models

# What a fact's label and link need, fetched with it (see each fact model's ``__str__``).
FACT_RELATIONS = {
    "positioncitation": ["fact__person"],
    "testimonycitation": ["fact__speaker", "fact__witness"],
    "victimcitation": ["fact__person"],
    "siteobservationcitation": ["fact__site"],
}


def with_citations(fact_model, lookup="citations"):
    """A ``Prefetch`` of the public citations of ``fact_model`` rows, by the relation ``lookup``."""
    citation_model = fact_model._meta.get_field("citations").related_model
    return Prefetch(lookup, queryset=selectors.citations(citation_model))


def source_citations(source):
    """Every public citation of ``source``, in the order of the text."""
    found = []
    for model in citation_models():
        related = ["fact", *FACT_RELATIONS.get(model._meta.model_name, [])]
        found.extend(selectors.public(model).filter(source=source).select_related(*related))
    for citation in found:
        citation.source = source
    return sorted(found, key=lambda c: (not c.verified, c.start or 0, c.end or 0, c.pk))
