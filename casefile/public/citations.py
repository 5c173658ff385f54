"""Citations as the public sees them: of published sources and public facts (``casefile.selectors``)."""

from django.db.models import Prefetch

from casefile import selectors
from casefile.events.models import TestimonyCitation
from casefile.people.models import PositionCitation, VictimCitation
from casefile.places.models import SiteObservationCitation

# What a fact's label and link need, fetched with it (see each fact model's ``__str__``). A testimony's
# label reads its witness code from the testimony itself, never from the private witness record.
FACT_RELATIONS = {
    PositionCitation: ["person"],
    TestimonyCitation: ["speaker"],
    VictimCitation: ["person"],
    SiteObservationCitation: ["site"],
}


def with_citations(fact_model, lookup="citations"):
    """A ``Prefetch`` of the public citations of ``fact_model`` rows, by the relation ``lookup``."""
    citation_model = fact_model._meta.get_field("citations").related_model
    return Prefetch(lookup, queryset=selectors.citations(citation_model))


def source_citations(source):
    """Every public citation of ``source``, with its fact, in the order of the text (one query)."""
    found = selectors.citations_of_source(source, related=FACT_RELATIONS)
    return sorted(found, key=lambda c: (not c.verified, c.start or 0, c.end or 0, c.pk))
