"""The message catalog: every key in both languages, with the same fields in each."""

import string

import pytest

from microgradkr.messages import LANGS, catalog, message, say


def _fields(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_has_every_language_and_nothing_else():
    for key, entry in catalog().items():
        assert set(entry) == set(LANGS), key
        for lang in LANGS:
            assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)


def test_both_languages_take_the_same_fields():
    for key, entry in catalog().items():
        assert _fields(entry["ko"]) == _fields(entry["en"]), key


def test_a_message_is_the_korean_line_then_the_english_one():
    text = message("bad_type", where="mul", value="'a'", type="str")
    ko, en = text.split("\n")
    assert ko.startswith("mul: ") and "실수" in ko
    assert en == "mul: expected a real number or a Value, got 'a' (str)"
    assert say("bad_type", "en", where="mul", value="'a'", type="str") == en


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="ko"):
        say("bad_type", "fr", where="x", value="1", type="int")


def test_a_key_defined_twice_is_refused(tmp_path, monkeypatch):
    import microgradkr.messages as messages
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('[same]\nko = "가"\nen = "a"\n', encoding="utf-8")
    monkeypatch.setattr(messages, "FOLDER", tmp_path)
    messages.catalog.cache_clear()
    try:
        with pytest.raises(ValueError, match="same"):
            messages.catalog()
    finally:
        monkeypatch.undo()
        messages.catalog.cache_clear()
