"""The three roles, as the migration core.0001_roles creates them."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from casefile.core import roles

pytestmark = pytest.mark.django_db


def test_editor_edits_records_and_deletes_only_their_parts(editor_user):
    assert editor_user.has_perms(["people.add_person", "people.change_person", "sources.change_source"])
    assert editor_user.has_perms(["people.delete_personname", "people.delete_personcitation", "people.delete_position"])
    assert not editor_user.has_perm("people.delete_person")
    assert not editor_user.has_perm("sources.delete_source")
    assert not editor_user.has_perm("people.view_contact")
    assert not editor_user.has_perm("auth.change_user")


def test_reviewer_publishes_and_keeps_contacts_but_deletes_no_record(reviewer):
    assert reviewer.has_perms(["people.publish_person", "events.publish_testimony", "people.change_contact"])
    assert not reviewer.has_perm("people.delete_person")
    assert not reviewer.has_perm("auth.change_user")


def test_administrator_may_do_everything_with_records_and_accounts(administrator):
    assert administrator.has_perms(["people.delete_person", "sources.delete_source", "people.publish_person"])
    assert administrator.has_perms(["auth.change_user", "auth.change_group", "people.delete_contact"])


def test_sync_roles_puts_back_a_permission_taken_away():
    reviewer_group = Group.objects.get(name=roles.REVIEWER)
    before = set(reviewer_group.permissions.values_list("codename", flat=True))
    reviewer_group.permissions.clear()
    call_command("sync_roles", verbosity=0)
    assert set(reviewer_group.permissions.values_list("codename", flat=True)) == before
    assert "publish_person" in before
