"""Users in each role of the workflow (the groups made by the migration core.0001_roles)."""

import pytest
from django.contrib.auth.models import Group

from casefile.core import roles


def make_user(django_user_model, username, role):
    user = django_user_model.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_user(django_user_model):
    return make_user(django_user_model, "edna-editor", roles.EDITOR)


@pytest.fixture
def reviewer(django_user_model):
    return make_user(django_user_model, "rita-reviewer", roles.REVIEWER)


@pytest.fixture
def second_reviewer(django_user_model):
    return make_user(django_user_model, "rolf-reviewer", roles.REVIEWER)


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "ada-administrator", roles.ADMINISTRATOR)


def client_for(client, user):
    client.force_login(user)
    return client
