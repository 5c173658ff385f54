"""How many independent sources support a fact: its verified citations, one publisher counting once.

Sources share an independence key when they share a ``publisher_key`` (an editor may give several
spellings of one publisher the same key); a source without a publisher counts on its own.
"""

from django.db.models import Case as Choose
from django.db.models import CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast, Concat


def independent_sources(citations):
    """The number of independent sources among ``citations`` (an iterable: prefetched rows, no query)."""
    return len({citation.source.independence_key() for citation in citations if citation.verified})


def with_independent_sources(queryset, relation="citations"):
    """``queryset`` annotated with ``independent_sources``, counted in the database (for the admin)."""
    source = f"{relation}__source"
    key = Choose(
        When(
            **{f"{source}__publisher_key": ""},
            then=Concat(Value("source-"), Cast(f"{source}__id", output_field=CharField())),
        ),
        default=F(f"{source}__publisher_key"),
        output_field=CharField(),
    )
    return queryset.annotate(independent_sources=Count(key, distinct=True, filter=Q(**{f"{relation}__verified": True})))
