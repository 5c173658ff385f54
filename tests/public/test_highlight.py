"""The words a search matched, marked in its results: folded spellings, sound keys, safe HTML."""

import pytest

from casefile.public.highlight import excerpt, highlight


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Mostafa Pour-Mohammadi", "pourmohammadi", "Mostafa <mark>Pour-Mohammadi</mark>"),
        ("Mostafa Pour-Mohammadi", "POUR mohammadi", "Mostafa <mark>Pour-Mohammadi</mark>"),
        ("Hossein Ali Nayyeri", "Hosein", "<mark>Hossein</mark> Ali Nayyeri"),  # by sound key
        ("Hossein Ali Nayyeri", "nayeri", "Hossein Ali <mark>Nayyeri</mark>"),
        ("Evin Prison (Tehran)", "tehran", "Evin Prison (<mark>Tehran</mark>)"),
        ("René Cassin", "rene", "<mark>René</mark> Cassin"),
        ("علی‌رضا آوایی", "عليرضا", "<mark>علی‌رضا</mark> آوایی"),  # Arabic yeh, a zero-width non-joiner
        ("زندان اوین", "اوین", "زندان <mark>اوین</mark>"),
        ("Evin Prison", "Gohardasht", "Evin Prison"),
        ("Evin Prison", "", "Evin Prison"),
    ],
)
def test_the_words_a_query_matched_are_marked(text, query, expected):
    assert highlight(text, query) == expected


def test_the_text_is_escaped_and_a_query_cannot_inject_markup():
    assert highlight("<b>Evin</b> & Co", "evin") == "&lt;b&gt;<mark>Evin</mark>&lt;/b&gt; &amp; Co"
    assert highlight("Evin", "<script>") == "Evin"
    assert "<script" not in highlight("a <script> b", "script")


def test_an_excerpt_shows_where_a_long_text_matched():
    text = "Lorem ipsum. " * 40 + "The prisoners were executed at Gohardasht in 1988. " + "Dolor sit. " * 40
    shown = excerpt(text, "Gohardasht")
    assert shown.startswith("…") and shown.endswith("…")
    assert "executed at <mark>Gohardasht</mark> in 1988" in shown
    assert len(shown) < 400
    assert excerpt(text, "Evin") == ""


def test_an_excerpt_marks_a_word_found_by_its_stem():
    """PostgreSQL's full-text search finds "executed" for "executions": the excerpt shows it."""
    assert "<mark>executed</mark>" in excerpt("They were executed in 1988.", "executions")
