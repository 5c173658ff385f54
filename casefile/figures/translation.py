"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.core.bilingual import register
from casefile.figures.models import Figure, Question

register(Figure, ["value_text", "claimant", "description", "editor_note"])
# Each question is asked once (its text is unique): a missing translation is NULL, never a second "".
register(Question, ["text"], empty_values=None)
