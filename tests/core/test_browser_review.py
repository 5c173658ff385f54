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
    editor.fill("#id_description_en", "Convicted in Stockholm in 2022, according to the judgment.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    editor.wait_for_load_state()
    assert "This is a revision of a published record" in editor.content()
    with editor.expect_navigation():
        editor.click("input[name=_submit_for_review]")
    editor.wait_for_load_state()
    context.close()

    public.reload()
    assert "As published." in public.content()
    assert "Convicted in Stockholm" not in public.content()

    context, reviewer = log_in(browser, base, "rita-reviewer")
    reviewer.goto(f"{base}/admin/review/")
    with reviewer.expect_navigation():
        reviewer.click("text=Hamid Nouri")
    with reviewer.expect_navigation():
        reviewer.click("text=Preview as the public will see it")
    reviewer.wait_for_load_state()
    assert "Convicted in Stockholm" in reviewer.content() and "not public yet" in reviewer.content()
    reviewer.go_back()
    reviewer.wait_for_load_state()
    with reviewer.expect_navigation():
        reviewer.click("button[value=publish]")
    reviewer.wait_for_load_state()
    assert "is published" in reviewer.content()
    context.close()

    public.reload()
    assert "Convicted in Stockholm in 2022, according to the judgment." in public.content()
    assert public.url == base + person.get_absolute_url()


def test_a_persons_positions_fit_1280_pixels_and_citations_are_added_in_a_popup(
    browser,  # noqa: F811 - the fixture
    live_server,
    transactional_db,
    django_user_model,
):
    from django.apps import apps

    from casefile.core import roles
    from casefile.people.models import PositionCitation
    from tests.factories import PositionFactory, SourceFactory

    roles.sync_roles(apps)
    make_user(django_user_model, "edna-editor", roles.EDITOR)
    person = PersonFactory(state=PublicationState.DRAFT, name="Hossein-Ali Nayyeri")
    positions = [
        PositionFactory(person=person, title=f"Member of the 'Death Commission' at prison number {n}", place="Tehran")
        for n in range(4)
    ]
    source = SourceFactory(snapshot="He sat on the Death Commission at Evin and Gohardasht.")
    base = live_server.url
    context, editor = log_in(browser, base, "edna-editor")
    editor.set_viewport_size({"width": 1280, "height": 900})
    url = f"{base}/admin/people/person/{person.pk}/change/"
    editor.goto(url)
    overflow = editor.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the person's page is {overflow} px wider than a 1,280-pixel window"

    with editor.expect_popup() as opened:
        editor.click(f"#change_position_citations_{positions[0].pk}")
    popup = opened.value
    popup.wait_for_load_state()
    assert "citations: the passages that support this fact" in popup.content().lower()
    popup.evaluate(
        "([pk, label]) => { const s = document.querySelector('#id_citations-0-source');"
        " s.add(new Option(label, pk, true, true)); }",
        [str(source.pk), source.title],
    )
    popup.fill("#id_citations-0-quote", "the Death Commission at Evin")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert PositionCitation.objects.filter(fact=positions[0], source=source).exists()
    assert editor.url == url  # the person's page stayed open behind the popup
    editor.reload()
    assert "1 citation" in editor.content()
    context.close()
