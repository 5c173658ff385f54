from django.utils.text import slugify


def unique_slug(instance, value, field="slug", max_length=80):
    """A slug for ``value`` that no other row of the instance's model has yet."""
    base = slugify(value, allow_unicode=False)[:max_length].strip("-") or "record"
    model = type(instance)
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    candidate, n = base, 2
    while others.filter(**{field: candidate}).exists():
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate
