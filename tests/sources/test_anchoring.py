"""Anchoring a cited passage again in a new text: verified, moved, changed or lost."""

from casefile.sources.anchoring import Status, Text
from casefile.sources.matching import locate

OLD = (
    "Introduction.\n\nThe commission met in July 1988 at Evin prison. "
    "Prisoners were asked one question about their loyalty. The answers decided who was executed."
)
QUOTE = "Prisoners were asked one question about their loyalty."


def selectors_in(text, quote):
    found = locate(text, quote)
    return {
        "exact": found.exact,
        "prefix": found.prefix,
        "suffix": found.suffix,
        "start": found.start,
        "end": found.end,
    }


def test_a_passage_where_it_was_is_verified():
    result = Text(OLD).reanchor(**selectors_in(OLD, QUOTE))
    assert (result.status, result.exact) == (Status.VERIFIED, QUOTE)


def test_a_passage_that_moved_is_found_at_its_new_place():
    new = "An editor's note was added at the top of the page.\n\n" + OLD
    result = Text(new).reanchor(**selectors_in(OLD, QUOTE))
    assert result.status == Status.MOVED
    assert new[result.start : result.end] == QUOTE


def test_a_passage_quoted_twice_is_anchored_where_its_context_matches():
    new = "Prisoners were asked one question about their loyalty. (A caption.)\n\n" + OLD
    old = selectors_in(OLD, QUOTE)
    result = Text(new).reanchor(**old)
    assert result.status == Status.MOVED
    assert result.prefix.endswith(old["prefix"][-20:])


def test_typographic_differences_are_forgiven():
    new = OLD.replace("loyalty.", "loyalty.").replace("  ", " ").replace("Prisoners were", "Prisoners\nwere")
    result = Text(new).reanchor(**selectors_in(OLD, QUOTE))
    assert result.status == Status.MOVED or result.status == Status.VERIFIED
    assert result.exact == "Prisoners\nwere asked one question about their loyalty."


def test_a_changed_passage_is_found_by_its_context_with_the_new_words():
    new = OLD.replace(QUOTE, "Prisoners were asked several questions.")
    result = Text(new).reanchor(**selectors_in(OLD, QUOTE))
    assert result.status == Status.CHANGED
    assert result.found_text == "Prisoners were asked several questions."


def test_a_deleted_passage_and_its_context_is_lost():
    new = "Introduction.\n\nThe page now says something else entirely."
    assert Text(new).reanchor(**selectors_in(OLD, QUOTE)).status == Status.LOST


def test_nothing_is_found_in_an_empty_text():
    assert Text("").reanchor(**selectors_in(OLD, QUOTE)).status == Status.LOST
