import pytest

from practices.markdown import render_markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
        ("<script>alert(1)</script>after", "\n<p>after</p>"),
        ('<iframe src="https://evil.example"></iframe>kept', "\n<p>kept</p>"),
        ("<img src=x onerror=alert(1)>", "<p></p>"),
        ('<p onclick="steal()">text</p>', "<p>text</p>"),
        ("[click](javascript:alert(1))", '<p><a rel="nofollow noopener">click</a></p>'),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', '<p><a rel="nofollow noopener">x</a></p>'),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="nofollow noopener">data</a></p>'),
        ("<scr<script>ipt>alert(1)</script>", "<p>&lt;scr</p>"),
        ("<style>body{display:none}</style>visible", "\n<p>visible</p>"),
        ("[NALA](https://nala.ge)", '<p><a href="https://nala.ge" rel="nofollow noopener">NALA</a></p>'),
        ("[write](mailto:info@example.ge)", '<p><a href="mailto:info@example.ge" rel="nofollow noopener">write</a></p>'),
    ],
)
def test_dangerous_parts_are_removed_and_the_rest_kept(source, expected):
    assert render_markdown(source) == expected


def test_tables_and_lists_render():
    html = render_markdown("| ეტაპი | შედეგი |\n|---|---|\n| I | ანგარიში |\n\n1. ერთი\n2. ორი")
    assert "<table>" in html and "<td>ანგარიში</td>" in html
    assert "<ol>\n<li>ერთი</li>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
