import pytest

from casefile.core.text import compact, fold, has_persian_script, search_terms, search_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pour-Mohammadi", "Pourmohammadi"),
        ("POURMOHAMMADI", "pourmohammadi"),
        ("Ra\u00efsi", "Raisi"),
        ("\u0639\u0644\u064a", "\u0639\u0644\u06cc"),  # Arabic yeh / Persian yeh
        ("\u0643\u0631\u064a\u0645", "\u06a9\u0631\u06cc\u0645"),  # Arabic kaf / Persian keheh
        (
            "\u0645\u0635\u0637\u0641\u06cc\u200c\u067e\u0648\u0631",
            "\u0645\u0635\u0637\u0641\u06cc\u067e\u0648\u0631",
        ),  # ZWNJ
        ("\u0631\u0626\u064a\u0633\u0640\u06cc", "\u0631\u0626\u06cc\u0633\u06cc"),  # tatweel
    ],
)
def test_spellings_of_one_name_fold_to_the_same_key(a, b):
    assert compact(a) == compact(b)


def test_fold_keeps_words_apart():
    assert fold("  Mostafa   Pour-Mohammadi ") == "mostafa pourmohammadi"


def test_search_text_holds_each_name_once():
    assert search_text("Pour-Mohammadi", "Pourmohammadi", "", "Mostafa Pourmohammadi") == (
        "pourmohammadi mostafapourmohammadi"
    )


def test_search_terms_ignore_punctuation_only_words():
    assert search_terms("Avaii - ") == ["avaii"]


def test_persian_script_is_detected():
    assert has_persian_script("\u0631\u0626\u06cc\u0633\u06cc")
    assert not has_persian_script("Raisi")
