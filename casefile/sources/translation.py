"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.core.bilingual import register
from casefile.sources.models import Source

register(Source, ["publisher_note", "editor_note"])
