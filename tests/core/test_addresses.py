"""Public addresses made from a pattern worked out once (``core.models.address``) are ``reverse``'s own."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from casefile.core.models import address

ADDRESSES = [
    ("public:victim_detail", {"pk": 30000}),
    ("public:victim_detail", {"pk": 0}),
    ("public:person_detail", {"slug": "ebrahim-raisi"}),
    ("public:site_detail", {"slug": "Evin_Prison-2"}),
    ("public:source_detail", {"slug": "7331771"}),  # the placeholder itself, as a slug
]


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("prefix", ["/", "/casefile/"])
def test_each_address_is_the_one_reverse_makes(language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for viewname, kwargs in ADDRESSES:
                assert address(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)
            assert address("public:victim_detail", pk=12).startswith(prefix)
    finally:
        clear_script_prefix()
    with translation.override("fa"):
        assert address("public:person_detail", slug="ebrahim-raisi") == "/fa/people/ebrahim-raisi/"


def test_a_value_no_pattern_takes_is_refused_as_reverse_refuses_it():
    for kwargs in ({"slug": "زندان-اوین"}, {"slug": "two words"}, {"pk": -1}, {"slug": ""}):
        with pytest.raises(NoReverseMatch):
            reverse("public:site_detail" if "slug" in kwargs else "public:victim_detail", kwargs=kwargs)
        with pytest.raises(NoReverseMatch):
            address("public:site_detail" if "slug" in kwargs else "public:victim_detail", **kwargs)
