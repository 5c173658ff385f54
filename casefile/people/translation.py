"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.core.bilingual import register
from casefile.people.models import Organisation, Person, Position

register(Person, ["name", "description", "editor_note"])
register(Organisation, ["name", "description", "editor_note"])
register(Position, ["title", "place", "description"])
