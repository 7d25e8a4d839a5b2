"""Whether a renderer's SVG is only a picture: nothing in it a browser would run.

``MICROGRADKR_DOT`` may name any program, and the SVG it prints is saved, put
into Jupyter's output and into HTML pages.  Graphviz's SVG is plain: shapes,
text, titles and links, nothing else.  So an SVG is accepted only when it is
well-formed XML made of the SVG elements listed below, without event
attributes (``onload=``) or links to ``javascript:``.

Some checks read the text itself: a page parses an SVG put inside it as HTML,
not as XML, and a few constructs mean harmless text to XML but markup to HTML
(``<!-->`` ends a comment in HTML only; ``<?...>`` and ``<![CDATA[`` end at the
first ``>`` there; a DOCTYPE's entities exist in XML only).  Graphviz writes
none of them, so an SVG holding one is refused rather than interpreted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Optional

_SVG = "{http://www.w3.org/2000/svg}"

#: the elements a picture may hold (Graphviz writes svg, g, title, polygon, polyline, path,
#: ellipse, text and a; the rest are shapes and paints of the same kind)
ALLOWED = frozenset("svg g title desc defs polygon polyline path ellipse circle rect line "
                    "text tspan a linearGradient radialGradient stop clipPath".split())

#: where HTML would read what is inside as HTML again (its "integration points"): text only
_TEXT_ONLY = frozenset({"title", "desc"})

_LINK_ATTRIBUTES = frozenset({"href", "src"})
_RUNNING_SCHEMES = ("javascript:", "vbscript:", "data:")

# (pattern, what it is): constructs that XML and HTML read differently
_TEXT_PROBLEMS = (
    (re.compile(r"<!ENTITY|<!DOCTYPE[^>]*\["), "a DOCTYPE with declarations"),
    (re.compile(r"<!\[CDATA\["), "a CDATA section"),
    (re.compile(r"(?!\A<\?xml\s)<\?"), "a processing instruction"),  # the XML declaration is not one
    (re.compile(r"<!--(?=-?>)"), "a comment HTML would end early (<!-->)"),
)


def _name(qualified: str) -> str:
    return qualified.rsplit("}", 1)[-1]


def _running_scheme(url: str) -> Optional[str]:
    """'javascript:' (or another scheme whose link runs code) if ``url`` has it, else None."""
    # browsers drop spaces and control characters in a URL's scheme: "java\tscript:" runs
    squeezed = re.sub(r"[\x00-\x20]+", "", url).lower()
    return next((scheme for scheme in _RUNNING_SCHEMES if squeezed.startswith(scheme)), None)


def problem(text: str) -> Optional[str]:
    """Why ``text`` is not a plain SVG picture (in English, for a message); None if it is one."""
    stripped = text.lstrip("\ufeff \t\r\n")
    for pattern, what in _TEXT_PROBLEMS:
        if pattern.search(stripped):
            return what
    try:
        root = ET.fromstring(stripped)
    except ET.ParseError as error:
        return f"not well-formed XML: {error}"
    if root.tag != _SVG + "svg":
        return f"the outermost element is <{_name(root.tag)}>, not <svg>"
    for element in root.iter():
        name = _name(element.tag)
        if not element.tag.startswith(_SVG) or name not in ALLOWED:
            return f"a <{name}> element"
        if name in _TEXT_ONLY and len(element):
            return f"a <{_name(element[0].tag)}> element inside <{name}>"
        for attribute, value in element.attrib.items():
            key = _name(attribute)
            if key.lower().startswith("on"):
                return f"an event attribute {key}= on <{name}>"
            scheme = _running_scheme(value) if key in _LINK_ATTRIBUTES else None
            if scheme:
                return f"a {scheme} link on <{name}>"
    return None
