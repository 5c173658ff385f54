"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.core.bilingual import register
from casefile.events.models import Event, Testimony

register(Event, ["title", "place", "city", "country", "description", "editor_note"])
register(Testimony, ["speaker_description", "editor_note"])
