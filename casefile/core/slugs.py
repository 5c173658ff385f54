from django.utils.text import slugify


def unique_slug(instance, value, field="slug", max_length=80, taken=None):
    """A slug for ``value`` that no other row of the instance's model has yet.

    ``taken``, for a bulk import, is the set of slugs in use (read once); the new slug is added to it.
    """
    base = slugify(value, allow_unicode=False)[:max_length].strip("-") or "record"
    model = type(instance)
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager

    def in_use(candidate):
        return candidate in taken if taken is not None else others.filter(**{field: candidate}).exists()

    candidate, n = base, 2
    while in_use(candidate):
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    if taken is not None:
        taken.add(candidate)
    return candidate
