"""The one table of UI strings: every string in both languages, page strings reachable by page."""

import string

from server.strings import MONTHS, STRINGS

from server.i18n import LANGUAGES


def test_every_string_has_every_language_and_no_blank():
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_placeholders_agree_between_languages():
    """A string formatted with values ("{n} result(s)") names the same fields in each language."""
    for key, texts in STRINGS.items():
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert fields["fr"] == fields["en"], key


def test_twelve_month_names_per_language():
    assert {lang: len(names) for lang, names in MONTHS.items()} == {"fr": 12, "en": 12}
