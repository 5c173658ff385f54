from casefile.sources.matching import locate, normalise_line_endings, sha256

TEXT = "He said: \u201cThe \u2018Death Commission\u2019 met\nin Evin \u2013 in secret.\u201d Then he left."


def test_exact_quote_is_found_with_its_offsets():
    passage = locate(TEXT, "Then he left.")
    assert TEXT[passage.start : passage.end] == "Then he left."
    assert passage.exact == "Then he left."


def test_straight_quotes_match_curly_ones_and_the_snapshot_text_is_kept():
    passage = locate(TEXT, "\"The 'Death Commission' met")
    assert passage.exact == "\u201cThe \u2018Death Commission\u2019 met"


def test_line_breaks_and_runs_of_spaces_match_a_single_space():
    passage = locate(TEXT, "met   in\r\n  Evin")
    assert passage.exact == "met\nin Evin"


def test_hyphen_matches_an_en_dash():
    passage = locate(TEXT, "Evin - in secret")
    assert passage.exact == "Evin \u2013 in secret"


def test_leading_and_trailing_space_of_the_paste_is_ignored():
    assert locate(TEXT, "  in secret.  \n").exact == "in secret."


def test_a_changed_word_is_not_forgiven():
    assert locate(TEXT, "The 'Death Committee' met") is None


def test_case_is_not_forgiven():
    assert locate(TEXT, "then he left.") is None


def test_empty_quote_or_text_finds_nothing():
    assert locate(TEXT, "   ") is None
    assert locate("", "anything") is None


def test_prefix_and_suffix_give_the_context_around_the_passage():
    passage = locate(TEXT, "in Evin")
    assert passage.prefix.endswith("Commission\u2019 met\n")
    assert passage.suffix.startswith(" \u2013 in secret.")


def test_first_place_is_taken_when_the_quote_stands_twice():
    passage = locate("one two one two", "one two")
    assert (passage.start, passage.end) == (0, 7)


def test_sha256_of_known_text():
    assert sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_crlf_becomes_lf():
    assert normalise_line_endings("a\r\nb\rc") == "a\nb\nc"
