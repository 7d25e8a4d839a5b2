"""Every sentence microgradkr shows a person, in Korean and English: the catalog.

The sentences are data, one TOML file per part of the package (``engine.toml``,
``draw.toml``, ``nn.toml`` ...), each key a table with a ``ko`` and an ``en``
line; ``{name}`` marks a field filled in when the sentence is said.  A
translator edits those files, never this code.

``message(key, **fields)`` gives an error message (the Korean line, then the
English one) for exceptions; ``say(key, lang, **fields)`` gives one language,
for output a learner reads.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict

LANGS = ("ko", "en")
FOLDER = Path(__file__).parent  # the catalog's TOML files sit next to this file


@functools.lru_cache(maxsize=None)
def catalog() -> Dict[str, Dict[str, str]]:
    """Every key with its sentence in each language, read once on first use.

    Read on first use, not at import: parsing the files (and importing
    tomllib) takes milliseconds that ``import microgradkr`` need not pay.
    """
    import tomllib

    entries: Dict[str, Dict[str, str]] = {}
    for part in sorted(FOLDER.glob("*.toml")):
        for key, entry in tomllib.loads(part.read_text(encoding="utf-8")).items():
            if key in entries:  # one key, one meaning: tests/test_messages.py checks this too
                raise ValueError(f"messages: key {key!r} is defined twice (again in {part.name})")
            entries[key] = entry
    return entries


def check_lang(lang, where: str = "") -> str:
    """lang itself if it is 'ko' or 'en'; ValueError otherwise (naming ``where``, the caller)."""
    if not isinstance(lang, str) or lang not in LANGS:
        text = message("lang", value=lang)
        if where:  # each line says which function was given the bad lang
            text = "\n".join(f"{where}: {line}" for line in text.split("\n"))
        raise ValueError(text)
    return lang


def say(key: str, lang: str = "ko", **fields) -> str:
    """The sentence `key` in one language, fields filled in."""
    return catalog()[key][check_lang(lang)].format(**fields)


def message(key: str, **fields) -> str:
    """An error message: the Korean sentence, then the English one."""
    entry = catalog()[key]
    return entry["ko"].format(**fields) + "\n" + entry["en"].format(**fields)


def both(key: str, **fields) -> str:
    """The two sentences on one line, 'Korean / English' (one line said outside a notebook)."""
    entry = catalog()[key]
    return f"{entry['ko'].format(**fields)} / {entry['en'].format(**fields)}"
