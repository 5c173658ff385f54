"""Queries built and compiled once per process, then run with other keys.

A public page asks the same queries on every request, with only a record's key different: the
case page's counts and lists for one case, an official's testimonies and figures for one person.
Django builds each query (its filters, the visibility rule's joins and ``EXISTS``) and compiles it
to SQL on every request, which took an official's page about as long as running its queries.

``PreparedQuery(build, kinds)`` builds ``build(*placeholders)`` once, with a placeholder that no
record has for each of its keys (``kinds``: ``int`` for a record's key, ``str`` for a slug), and
compiles it; ``queryset(*keys)`` gives a queryset that runs that SQL with
the keys in the placeholders' places and reads its rows as the built queryset would (records, values, their
``select_related`` and ``prefetch_related``). The queryset runs as it is: filtering, slicing or
counting it again raises ``TypeError`` instead of running the placeholder keys.

Only what does not change between requests may be prepared: a query whose shape depends on the
data (a list of keys of any length, a preview's extra rows) is built afresh, as usual.
"""

import copy
import inspect

from django.db import connections

# Placeholder keys, one per place a query takes a key in: numbers no record has (keys are
# positive), or texts (a slug) no page is asked for.
_PLACEHOLDERS = {
    int: tuple(-7_331_771 - n for n in range(8)),
    str: tuple(f"casefile-prepared-key-{n}" for n in range(8)),
}


class PreparedQuery:
    def __init__(self, build, kinds=(int,), using="default"):
        if not 1 <= len(kinds) <= 8 or not set(kinds) <= set(_PLACEHOLDERS):
            raise ValueError(f"A prepared query takes 1 to 8 keys, numbers or texts, not {kinds}.")
        self.kinds = tuple(kinds)
        self.slots = tuple(_PLACEHOLDERS[kind][n] for n, kind in enumerate(self.kinds))
        self.using = using
        self.template = build(*self.slots)
        self.query = self.template.query
        self.compiler = self.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        self.places = {
            slot: [n for n, value in enumerate(self.params) if type(value) is type(slot) and value == slot]
            for slot in self.slots
        }
        missing = [n for n, slot in enumerate(self.slots) if not self.places[slot]]
        if missing:  # a key in an unforeseen place (written into the SQL, or dropped): the SQL can't be reused
            raise AssertionError(f"Key {missing} of a prepared query is not among its parameters.")

    def queryset(self, *keys):
        """The built queryset with ``keys`` in the places of its slots, compiled already."""
        if tuple(type(key) for key in keys) != self.kinds:
            raise TypeError(f"This prepared query takes keys of the kinds {self.kinds}, not {keys!r}.")
        params = list(self.params)
        for slot, key in zip(self.slots, keys, strict=True):
            for n in self.places[slot]:
                params[n] = key
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[self.using]  # this thread's connection
        compiler.as_sql = lambda *args, **kwargs: (self.sql, tuple(params))
        queryset = self.template._chain()
        queryset._query = _Compiled(self.query, compiler)
        return queryset


class _Compiled:
    """A query that answers with its compiler, compiled already; read-only (see the module's docstring)."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        # What reading its rows looks up (its selected names, its model). Not the query's methods:
        # ``count()``, ``exists()`` and the like would run a copy of the built query, placeholder keys and all.
        value = getattr(self._query, name)
        if inspect.ismethod(value):
            raise TypeError(f"A prepared query runs as it was built; it does not answer {name}().")
        return value

    def chain(self, klass=None):
        raise TypeError("A prepared query runs as it was built; prepare another query for another question.")

    clone = chain
