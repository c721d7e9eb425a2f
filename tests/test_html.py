"""html_to_text: blocks become lines, scripts go, entities are decoded."""

from __future__ import annotations

from vngov.text.html import html_to_text


def test_blocks_and_breaks() -> None:
    markup = "<div>UBND TỈNH <b>HẬU GIANG</b><br>Số: 04/KH-UBND</div><p>Kế hoạch</p>"
    assert html_to_text(markup) == "UBND TỈNH HẬU GIANG\nSố: 04/KH-UBND\nKế hoạch"


def test_script_style_dropped_and_entities_decoded() -> None:
    markup = (
        "<html><head><title>Tin</title><style>p{x:1}</style><script>var a='<p>x</p>';</script>"
        "</head><body><p>ngày 13 &amp; 14&nbsp;tháng&#160;01 &lt;2021&gt; &#x110;&ocirc;</p>"
        "</body></html>"
    )
    assert html_to_text(markup) == "Tin\nngày 13 & 14 tháng 01 <2021> Đô"


def test_whitespace_collapses_outside_pre() -> None:
    markup = "<p>  Hậu   Giang,\n  ngày 13 </p><pre>  a\n   b</pre>"
    assert html_to_text(markup) == "Hậu Giang, ngày 13\n  a\n   b"


def test_table_cells_and_lists() -> None:
    markup = "<table><tr><td>Nơi nhận:</td><td>- Như trên;</td></tr></table><ul><li>a<li>b</ul>"
    assert html_to_text(markup) == "Nơi nhận:\t- Như trên;\na\nb"


def test_broken_markup_does_not_raise() -> None:
    # An unfinished tag at the very end is kept as text by html.parser: nothing is lost.
    assert html_to_text("văn bản <b>chưa đóng & <i") == "văn bản chưa đóng & <i"
    assert html_to_text("") == ""
