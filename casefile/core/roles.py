"""The three roles of the editorial workflow, as auth groups, and the permissions each holds.

- **editor**: adds and changes records (which stay drafts), submits them for review, and
  deletes the child rows of a record (another spelling, a position, an observation, a citation).
- **reviewer**: everything an editor does, and publishes, returns or withdraws records
  (``<app>.publish_<model>``); sees and keeps the private contacts of witnesses and families.
- **administrator**: every permission on the records, including deleting a record, and
  managing accounts and their roles.

Run by the migration ``core.0001_roles`` and by ``manage.py sync_roles`` (after adding a model).
"""

from .models import is_publishable

EDITOR = "editor"
REVIEWER = "reviewer"
ADMINISTRATOR = "administrator"

RECORD_APPS = ("cases", "sources", "people", "places", "events", "figures")
PRIVATE_MODELS = {("people", "contact")}
ACCOUNT_APPS = ("auth",)


def _record_models(apps):
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.model_name.startswith("historical"):
                yield model


def role_permissions(apps):
    """{group name: set of (app_label, codename)} for the current models in ``apps``."""
    editor, reviewer, administrator = set(), set(), set()
    for model in _record_models(apps):
        opts = model._meta
        key = (opts.app_label, opts.model_name)
        every = {(opts.app_label, f"{action}_{opts.model_name}") for action in ("add", "change", "delete", "view")}
        every |= {(opts.app_label, codename) for codename, _name in opts.permissions}
        administrator |= every
        if key in PRIVATE_MODELS:
            reviewer |= every
            continue
        edit = {(opts.app_label, f"{action}_{opts.model_name}") for action in ("add", "change", "view")}
        if not is_publishable(model):
            edit.add((opts.app_label, f"delete_{opts.model_name}"))
        editor |= edit
        reviewer |= edit
        if is_publishable(model):
            reviewer.add((opts.app_label, f"publish_{opts.model_name}"))
    for label in ACCOUNT_APPS:
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            administrator |= {
                (opts.app_label, f"{action}_{opts.model_name}") for action in ("add", "change", "delete", "view")
            }
    return {EDITOR: editor, REVIEWER: reviewer, ADMINISTRATOR: administrator}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly its permissions (idempotent)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in (*RECORD_APPS, *ACCOUNT_APPS):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions(apps).items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for role {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REVIEWER, ADMINISTRATOR]).delete()
