"""Officials and their positions as Popolo JSON (https://www.popoloproject.com/): persons, organizations, memberships."""

from . import querysets
from .linked_data import iso
from .links import absolute


def popolo_data(request=None):
    persons, organizations, memberships = [], {}, []
    for person in querysets.officials().order_by("pk"):
        person_id = f"person/{person.slug}"
        persons.append(
            {
                "id": person_id,
                "name": person.name,
                "other_names": [
                    {"name": name} for name in (person.name_fa, *(a.name for a in person.aliases.all())) if name
                ],
                "summary": person.description,
                "links": [{"url": absolute(person.get_absolute_url(), request), "note": "Casefile page"}],
                "sources": _sources(person.citations.all(), request),
            }
        )
        for position in person.positions.all():
            membership = {
                "id": f"membership/{position.pk}",
                "person_id": person_id,
                "role": position.title,
                "label": position.get_kind_display(),
                "start_date": iso(position, "start_date"),
                "end_date": iso(position, "end_date"),
                "area": {"name": position.place} if position.place else None,
                "links": [{"url": absolute(position.get_absolute_url(), request), "note": "Casefile page"}],
                "sources": _sources(position.citations.all(), request),
            }
            organisation = position.organisation  # None where the organisation is not public
            if organisation is not None:
                organization_id = f"organization/{organisation.slug}"
                organizations.setdefault(
                    organization_id,
                    {
                        "id": organization_id,
                        "name": organisation.name,
                        "other_names": [{"name": organisation.name_fa}] if organisation.name_fa else [],
                        "links": [{"url": absolute(organisation.get_absolute_url(), request), "note": "Casefile page"}],
                    },
                )
                membership["organization_id"] = organization_id
            memberships.append({key: value for key, value in membership.items() if value not in (None, "", [])})
    return {"persons": persons, "organizations": list(organizations.values()), "memberships": memberships}


def _sources(citations, request):
    """Popolo ``sources``: each citation's passage, with its quote as the note."""
    return [{"url": absolute(c.get_absolute_url(), request), "note": c.quote} for c in citations]
