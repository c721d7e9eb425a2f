"""Markup to text with the standard library's HTML parser.

Block elements (``p``, ``div``, ``li``, ``tr``, headings ...) and ``<br>`` become line breaks,
table cells are separated by a tab, ``script``/``style`` (and other non-content elements) are
dropped, character references are decoded and runs of white space inside a line collapse to one
space (``<pre>`` keeps its spacing). Offsets of mentions found in the result refer to this
extracted text, not to the markup.

>>> html_to_text("<p>Số: 04/KH&#8209;UBND</p><p>Hậu Giang,&nbsp;ngày 13</p>")
'Số: 04/KH‑UBND\\nHậu Giang, ngày 13'
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr
    html legend li main menu nav ol p pre section summary table tbody td tfoot th thead title
    tr ul""".split()
)
_CELLS = frozenset({"td", "th"})
# Elements whose content is not text of the document.
_DROP = frozenset(
    "script style noscript template svg math iframe object canvas select option button".split()
)

_PROTECT = str.maketrans({"\n": "\x01", " ": "\x02", "\t": "\x03"})
_RESTORE = str.maketrans({"\x01": "\n", "\x02": " ", "\x03": "\t"})
_SPACES = re.compile(r"[ \r\f\v\u00a0\u200b]+")
_CELL_GAP = re.compile(r" ?\t[ \t]*")


class _TextParser(HTMLParser):
    """Collects text pieces; ``"\\n"`` pieces mark block boundaries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.drop_depth = 0  # > 0 inside script/style...
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.drop_depth += 1
            return
        if tag == "br":
            self.pieces.append("\n")
        elif tag in _CELLS:
            self.pieces.append("\t")
        elif tag in _BLOCK:
            self.pieces.append("\n")
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>: a boundary, never an open element.
        if tag == "br" or tag in _BLOCK:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop_depth = max(0, self.drop_depth - 1)
            return
        if tag in _BLOCK and tag not in _CELLS:
            self.pieces.append("\n")
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        if self.pre_depth:
            # Keep spacing: protect it from the clean-up in html_to_text with private marks.
            self.pieces.append(data.replace("\r\n", "\n").translate(_PROTECT))
        else:
            # Outside <pre> a newline in the source is just white space.
            self.pieces.append(data.replace("\n", " ").replace("\t", " "))


def html_to_text(markup: str) -> str:
    """The readable text of ``markup``: one line per block element, entities decoded."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.pieces).split("\n"):
        line = _SPACES.sub(" ", line).strip(" ")
        line = _CELL_GAP.sub("\t", line).strip("\t")
        if line:  # several block boundaries in a row make one line break
            lines.append(line)
    return "\n".join(lines).translate(_RESTORE)
