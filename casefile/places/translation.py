"""The texts of the project's own kept in English and Persian (see ``casefile.core.bilingual``).

Never a quote: a citation's passage stays in the language of its source."""

from casefile.core.bilingual import register
from casefile.places.models import Site, SiteObservation

# A site's country is "Iran" unless the editors say otherwise: in English, not in its Persian column.
register(
    Site,
    ["name", "city", "province", "country", "description", "editor_note"],
    field_options={"country": {"fa": {"default": ""}}},
)
register(SiteObservation, ["note"])
