"""What the public sees is decided in one place: ``casefile.selectors``.

These tests read the code itself: every template the public site renders, and the module of
every view behind a public URL. A template that tests ``is_published`` or a record's ``state``,
or a view that filters on ``state`` (or calls a ``published()`` of its own), would decide
visibility outside the selector layer; so would a record type the layer has no rule for.
"""

import inspect
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from casefile import selectors
from casefile.core.models import is_part, is_publishable
from tests.urlwalk import public_url_patterns

TEMPLATE_RULE = re.compile(r"is_published|\.state\b|\bstate\s*==|get_state_display")
VIEW_RULE = re.compile(r"\bstate\s*=|\bstate__|\.state\b|\.published\(\)|PublicationState")


def public_templates():
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(config.path) / "templates" for config in apps.get_app_configs() if config.name.startswith("casefile")
    ]
    for folder in folders:
        for path in folder.rglob("*.html"):
            relative = path.relative_to(folder).as_posix()
            if not relative.startswith(("admin/", "registration/")):
                yield relative, path


def public_view_modules():
    """The modules of every view behind a URL outside the admin."""
    for pattern in public_url_patterns():
        view = getattr(pattern.callback, "view_class", pattern.callback)
        module = inspect.getmodule(view)
        if module is not None and module.__name__.startswith("casefile"):
            yield module


def test_no_public_template_decides_visibility():
    offending = []
    for name, path in public_templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TEMPLATE_RULE.search(line):
                offending.append(f"{name}:{number}: {line.strip()[:120]}")
    assert not offending, "templates deciding visibility (use casefile.selectors in the view):\n" + "\n".join(offending)


def test_no_public_view_filters_on_state():
    modules = set(public_view_modules())
    assert any(module.__name__ == "casefile.public.views" for module in modules)
    offending = []
    for module in modules:
        for number, line in enumerate(inspect.getsource(module).splitlines(), start=1):
            if VIEW_RULE.search(line):
                offending.append(f"{module.__name__}:{number}: {line.strip()[:120]}")
    assert not offending, "views deciding visibility (use casefile.selectors):\n" + "\n".join(offending)


def test_the_checks_see_what_they_look_for():
    assert TEMPLATE_RULE.search("{% if event.site.is_published %}")
    assert TEMPLATE_RULE.search("{% if person.state == 'published' %}")
    assert VIEW_RULE.search("Person.objects.filter(state=PublicationState.PUBLISHED)")
    assert VIEW_RULE.search("Person.objects.published()")
    assert not VIEW_RULE.search("selectors.people()")


def test_every_publishable_record_and_its_parts_have_a_visibility_rule():
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("casefile") and (is_publishable(model) or is_part(model))
    ]
    assert models
    missing = [model._meta.label for model in models if model not in selectors.RULES]
    assert not missing, f"add a rule to casefile/selectors.py for {missing}"


def test_no_private_record_has_a_visibility_rule():
    """Private witness records and contacts are never public: the selector layer cannot even name them."""
    private = [model for model in apps.get_models() if getattr(model, "is_private", False)]
    assert private
    assert not set(private) & set(selectors.RULES)
