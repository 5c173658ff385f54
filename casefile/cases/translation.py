"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.cases.models import Case
from casefile.core.bilingual import register

register(Case, ["title", "summary", "editor_note"])
