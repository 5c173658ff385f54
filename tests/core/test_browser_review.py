"""In a real browser: an editor changes a published record, a reviewer publishes it, the public page follows.

Uses the Chromium and Playwright set-up of ``tests/public/test_browser.py`` (skipped where they
are missing, failing under CI).
"""

import os

import pytest

from casefile.core.models import PublicationState
from tests.factories import PersonFactory
from tests.public.test_browser import browser  # noqa: F401 - the fixture
from tests.roles import make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def log_in(browser, base, username):  # noqa: F811 - the fixture's name
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    return context, page


def test_editor_changes_a_published_record_and_the_reviewer_publishes_it(
    browser,  # noqa: F811 - the fixture
    live_server,
    transactional_db,
    django_user_model,
):
    from django.apps import apps

    from casefile.core import roles

    roles.sync_roles(apps)  # a transactional test's flush removed the groups the migrations made

    make_user(django_user_model, "edna-editor", roles.EDITOR)
    make_user(django_user_model, "rita-reviewer", roles.REVIEWER)
    person = PersonFactory(state=PublicationState.PUBLISHED, name="Hamid Nouri", description="As published.")
    base = live_server.url
    public = browser.new_context().new_page()
    public.goto(base + person.get_absolute_url())
    assert "As published." in public.content()

    context, editor = log_in(browser, base, "edna-editor")
    editor.goto(f"{base}/admin/people/person/{person.pk}/change/")
    assert "Saving a change keeps the public page as it is" in editor.content()
    editor.fill("#id_description", "Convicted in Stockholm in 2022, according to the judgment.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    editor.wait_for_load_state()
    assert "This is a revision of a published record" in editor.content()
    editor.click("input[name=_submit_for_review]")
    context.close()

    public.reload()
    assert "As published." in public.content()
    assert "Convicted in Stockholm" not in public.content()

    context, reviewer = log_in(browser, base, "rita-reviewer")
    reviewer.goto(f"{base}/admin/review/")
    reviewer.click("text=Hamid Nouri")
    reviewer.click("text=Preview as the public will see it")
    assert "Convicted in Stockholm" in reviewer.content() and "not public yet" in reviewer.content()
    reviewer.go_back()
    reviewer.click("button[value=publish]")
    assert "is published" in reviewer.content()
    context.close()

    public.reload()
    assert "Convicted in Stockholm in 2022, according to the judgment." in public.content()
    assert public.url == base + person.get_absolute_url()
