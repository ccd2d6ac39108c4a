"""The web page, parsed: structure, accessibility, and tables cell for cell as the Word layout."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import docx
import pytest
from docx.oxml.ns import qn

from nianbao import labels, sentences
from nianbao.errors import OutputError
from nianbao.model import Report, Section
from nianbao.webpage import render_html, write_html

# (tag, text, rowspan, colspan, scope)
Cell = tuple[str, str, int, int, str]


class Page(HTMLParser):
    """Collects what the tests look at: tags, headings, tables (cells with spans), captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_of: dict[str, list[str]] = {"title": [], "h1": [], "h2": [], "h3": [], "caption": [], "p": []}
        self.tables: list[list[list[Cell]]] = []
        self.groups: list[list[str]] = []  # per table: thead/tbody sequence
        self._open: list[str] = []
        self._cell: list[str] | None = None
        self._cell_attrs: dict[str, str] = {}
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "table":
            self.tables.append([])
            self.groups.append([])
        elif tag in ("thead", "tbody"):
            self.groups[-1].append(tag)
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell, self._cell_attrs = [], attributes
        if tag in self.text_of:
            self._text = []
        if tag not in ("meta", "col", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            a = self._cell_attrs
            cell = (
                tag,
                "".join(self._cell).strip(),
                int(a.get("rowspan", 1)),
                int(a.get("colspan", 1)),
                a.get("scope", ""),
            )
            self.tables[-1][-1].append(cell)
            self._cell = None
        if tag in self.text_of and self._text is not None:
            self.text_of[tag].append("".join(self._text).strip())
            self._text = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._text is not None:
            self._text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def docx_tables(path: Path) -> list[list[list[tuple[str, int, int]]]]:
    """The tables of a rendered .docx as rows of (text, rowspan, colspan); merged-away cells left out."""
    tables = []
    for table in docx.Document(str(path)).tables:
        rows = []
        for tr in table._tbl.tr_lst:
            row = []
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    continue
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                row.append((text, tc.bottom - tc.top, tc.grid_span))
            rows.append(row)
        tables.append(rows)
    return tables


@pytest.fixture(scope="module")
def example_page(example_report: Report) -> str:
    return render_html(example_report)


@pytest.fixture(scope="module")
def page(example_page: str) -> Page:
    return parse(example_page)


# --- the tables ----------------------------------------------------------------


def test_every_table_cell_and_span_equals_the_word_layout(page: Page, example_docx: Path) -> None:
    expected = docx_tables(example_docx)
    got = [
        [[(text, rowspan, colspan) for _tag, text, rowspan, colspan, _scope in row] for row in table]
        for table in page.tables
    ]
    assert len(got) == len(expected) == 3
    for number, (html_table, word_table) in enumerate(zip(got, expected, strict=True), start=2):
        assert len(html_table) == len(word_table), f"表{number}: row count"
        for r, (html_row, word_row) in enumerate(zip(html_table, word_table, strict=True)):
            assert html_row == word_row, f"表{number} row {r}"


def test_tables_follow_the_official_layout(page: Page) -> None:
    # FORMAT.md §2–4, written out independently of the code that builds either layout.
    t2, t3, t4 = page.tables
    assert len(t2) == 14 and len(t3) == 28 and len(t4) == 4
    assert t2[0] == [("th", labels.ARTICLE_20_1, 1, 4, "rowgroup")]
    assert [c[1] for c in t2[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert t2[5] == [("th", "信息内容", 1, 1, "col"), ("th", "本年处理决定数量", 1, 3, "col")]
    assert t2[13] == [("th", "行政事业性收费", 1, 1, "row"), ("td", "0", 1, 3, "")]

    assert t3[0][0] == ("td", labels.BALANCE_NOTE, 3, 3, "")
    assert t3[0][1] == ("th", "申请人情况", 1, 7, "col")
    assert t3[1] == [("th", "自然人", 2, 1, "col"), ("th", "法人或其他组织", 1, 5, "col"), ("th", "总计", 2, 1, "col")]
    assert [c[1] for c in t3[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3[3][0] == ("th", "一、本年新收政府信息公开申请数量", 1, 3, "row")
    assert t3[5][:2] == [("th", "三、本年度办理结果", 22, 1, "rowgroup"), ("th", "（一）予以公开", 1, 2, "row")]
    assert t3[7][:2] == [("th", "（三）不予公开", 8, 1, "row"), ("th", "1.属于国家秘密", 1, 1, "row")]
    assert t3[15][0] == ("th", "（四）无法提供", 3, 1, "row")
    assert t3[18][0] == ("th", "（五）不予处理", 5, 1, "row")
    assert t3[23][0] == ("th", "（六）其他处理", 3, 1, "row")
    assert t3[26][0] == ("th", "（七）总计", 1, 2, "row")
    assert t3[27][0] == ("th", "四、结转下年度继续办理", 1, 3, "row")
    for r in range(3, 28):  # every data row: its labels, then 7 figures
        assert [c[0] for c in t3[r][-7:]] == ["td"] * 7

    assert t4[0] == [("th", "行政复议", 1, 5, "col"), ("th", "行政诉讼", 1, 10, "col")]
    assert [(c[1], c[2], c[3]) for c in t4[1]] == [
        ("结果维持", 2, 1),
        ("结果纠正", 2, 1),
        ("其他结果", 2, 1),
        ("尚未审结", 2, 1),
        ("总计", 2, 1),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ]
    assert [c[1] for c in t4[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert len(t4[3]) == 15 and all(c[0] == "td" for c in t4[3])


def occupancy(table: list[list[Cell]]) -> list[list[str | None]]:
    """The grid the HTML table algorithm builds: the text of the cell covering each slot, None if none."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table):
        c = 0
        for _tag, text, rowspan, colspan, _scope in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert (r + dr, c + dc) not in grid, f"cells overlap at row {r + dr}, column {c + dc}"
                    grid[r + dr, c + dc] = text
            c += colspan
    width = 1 + max(c for _, c in grid)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(table))]


@pytest.mark.parametrize(("index", "width"), [(0, 4), (1, 10), (2, 15)])
def test_tables_are_full_rectangles(page: Page, index: int, width: int) -> None:
    grid = occupancy(page.tables[index])
    assert [len(row) for row in grid] == [width] * len(grid)
    holes = [(r, c) for r, row in enumerate(grid) for c, slot in enumerate(row) if slot is None]
    assert not holes


def test_figures_land_in_their_cells(example_report: Report) -> None:
    # A changed figure appears in its own cell (表三, （三）1 row, 自然人; 表四 复议后起诉 总计).
    changed = attrs.evolve(
        example_report,
        applications=attrs.evolve(
            example_report.applications,
            new=attrs.evolve(example_report.applications.new, natural_person=7, other=5),
            carried_forward=attrs.evolve(example_report.applications.carried_forward, natural_person=7, other=5),
        ),
        cases=attrs.evolve(
            example_report.cases,
            litigation_after_review=attrs.evolve(example_report.cases.litigation_after_review, upheld=3),
        ),
    )
    _t2, t3, t4 = parse(render_html(changed)).tables
    new_row = [c[1] for c in t3[3][1:]]
    assert new_row == ["7", "0", "0", "0", "0", "5", "12"]
    assert [c[1] for c in t3[27][1:]] == ["7", "0", "0", "0", "0", "5", "12"]
    assert [c[1] for c in t4[3][10:]] == ["3", "0", "0", "0", "3"]


def test_every_header_cell_has_a_scope_and_every_figure_a_header(page: Page) -> None:
    for table in page.tables:
        for row in table:
            for tag, text, *_spans, scope in row:
                if tag == "th":
                    assert scope in ("col", "row", "rowgroup"), text
    for caption, key in zip(page.text_of["caption"], ("active_disclosure", "applications", "cases"), strict=True):
        assert caption.startswith(labels.TABLE_NAMES[key])
    assert page.groups == [["tbody"] * 4, ["thead", "tbody", "tbody", "tbody"], ["thead", "tbody"]]


# --- the page ------------------------------------------------------------------


def test_page_is_chinese_titled_and_headed(page: Page, example_report: Report) -> None:
    html_tag = next(attributes for tag, attributes in page.tags if tag == "html")
    assert html_tag["lang"] == "zh-CN"
    meta = [attributes for tag, attributes in page.tags if tag == "meta"]
    assert {"charset": "utf-8"} in meta
    assert page.text_of["title"] == [example_report.title]
    assert page.text_of["h1"] == [example_report.title]
    assert page.text_of["h2"] == list(labels.SECTION_TITLES)
    headings = [s.heading for s in example_report.other_matters.subsections if s.heading]
    assert page.text_of["h3"] == headings
    paragraphs = page.text_of["p"]
    completed = sentences.complete(example_report)  # empty standard statements are written, as in Word
    assert paragraphs[0] == completed.opening
    for subsection in completed.overview.subsections:
        assert subsection.heading + subsection.paragraphs[0] in paragraphs
    assert completed.signing_agency in paragraphs


def test_page_is_standalone(example_page: str, page: Page) -> None:
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not any("src" in attributes or "href" in attributes for _, attributes in page.tags)
    assert not re.search(r"url\(|@import|https?://", example_page)


def test_page_has_a_print_style(example_page: str) -> None:
    style = example_page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@media print" in style
    assert re.search(r"@page\s*\{\s*size:\s*A4", style)
    assert 'content: "— " counter(page) " —"' in style


def test_text_is_escaped_not_markup(tmp_path: Path) -> None:
    nasty = '<script>alert("x")</script> A&B {{ title }} ’'
    report = attrs.evolve(Report.blank("某局<b>", 2024), problems=Section((nasty,)))
    page = render_html(report)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert nasty in parse(page).text_of["p"]


def test_write_html_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    write_html(Report.blank("某局", 2024), out)
    assert parse(out.read_text(encoding="utf-8")).text_of["h1"] == ["某局2024年政府信息公开工作年度报告"]
    with pytest.raises(OutputError, match="已存在"):
        write_html(Report.blank("别局", 2024), out, overwrite=False)
    assert "某局" in out.read_text(encoding="utf-8")
