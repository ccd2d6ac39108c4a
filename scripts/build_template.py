"""Build templates/report.docx, the default template, from code.

The template is committed; this script says how it was made and rebuilds it after a
change (``python scripts/build_template.py``). Tables follow the official merge layout
(FORMAT.md §2–4) and the typography follows GB/T 9704-2012 (FORMAT.md §8).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nianbao import labels  # noqa: E402

OUT = ROOT / "templates" / "report.docx"

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 5号
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm text block
TEXT_WIDTH = 8844  # twips: 156 mm
ROW_HEIGHT = Mm(6.5)


def set_fonts(rpr_owner: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the run fonts of a style or run (east Asian and Latin separately)."""
    rpr = rpr_owner.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def first_line_chars(style_or_par: object, chars: int) -> None:
    """First-line indent counted in characters (w:firstLineChars), as Word does it."""
    ppr = style_or_par.element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(SIZE_3.pt * 20 * chars)))


def make_styles(doc: Document) -> None:  # type: ignore[valid-type]
    styles = doc.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT)
    normal.font.size = SIZE_3
    normal.font.color.rgb = None
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False
    first_line_chars(normal, 2)

    title = styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_fonts(title, TITLE_FONT)
    title.font.size = SIZE_2
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28.95)
    first_line_chars(title, 0)
    off_grid(title)

    h1 = styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    h1.base_style = normal
    set_fonts(h1, HEADING_FONT)
    h1.paragraph_format.keep_with_next = True
    outline(h1, 0)

    h2 = styles.add_style("二级标题", WD_STYLE_TYPE.PARAGRAPH)
    h2.base_style = normal
    set_fonts(h2, SUBHEADING_FONT)
    h2.paragraph_format.keep_with_next = True
    outline(h2, 1)

    run_in = styles.add_style("小标题字符", WD_STYLE_TYPE.CHARACTER)
    set_fonts(run_in, SUBHEADING_FONT)

    cell = styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = TABLE_SIZE
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    first_line_chars(cell, 0)
    off_grid(cell)

    signature = styles.add_style("落款", WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.right_indent = Twips(int(SIZE_3.pt * 20 * 4))
    first_line_chars(signature, 0)

    footer = styles["Footer"]
    set_fonts(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
    footer.font.size = SIZE_4
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    first_line_chars(footer, 0)
    off_grid(footer)


def off_grid(style: object) -> None:
    """Do not snap to the body's line grid (tables, title and footer keep their own pitch)."""
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert(0, snap)


def outline(style: object, level: int) -> None:
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(level))
    ppr.append(lvl)


def par(doc: Document, text: str, style: str = "Normal") -> Paragraph:  # type: ignore[valid-type]
    return doc.add_paragraph(text, style=style)  # type: ignore[attr-defined,no-any-return]


def loop(doc: Document, head: str, body: str, style: str = "Normal") -> None:  # type: ignore[valid-type]
    """A paragraph repeated for each item: {%p for … %} / body / {%p endfor %}."""
    par(doc, "{%p " + head + " %}")
    par(doc, body, style)
    par(doc, "{%p endfor %}")


def page_settings(doc: Document) -> None:  # type: ignore[valid-type]
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)
    doc.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))


def page_number(p: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" in 4号宋体; odd pages right, even pages left, one character in."""
    p.style = "Footer"
    p.alignment = align
    one_char = Twips(int(SIZE_4.pt * 20))
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = one_char
    else:
        p.paragraph_format.left_indent = one_char
    p.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    p.add_run(" —")


# --- tables -------------------------------------------------------------------


def new_table(doc: Document, rows: int, widths: Sequence[int], header_rows: int = 0) -> Table:  # type: ignore[valid-type]
    table = doc.add_table(rows=rows, cols=len(widths))  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), "45")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(w))
    for i, row in enumerate(table.rows):
        row.height = ROW_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Twips(w)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].style = "表格文字"
    return table


def put(cell: _Cell, text: str) -> None:
    """Write a cell's text; a line break in a label becomes a new paragraph."""
    first, *rest = text.split("\n")
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line, style="表格文字")


def merge(table: Table, r1: int, c1: int, r2: int, c2: int, text: str = "") -> None:
    cell = table.cell(r1, c1).merge(table.cell(r2, c2))
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    cell.paragraphs[0].text = ""
    cell.paragraphs[0].style = "表格文字"
    if text:
        put(cell, text)


def table_active_disclosure(doc: Document) -> None:  # type: ignore[valid-type]
    w = TEXT_WIDTH // 4
    t = new_table(doc, 14, [w] * 4)
    L = labels

    def title(r: int, text: str) -> None:
        merge(t, r, 0, r, 3, text)

    def single(r: int, label: str, value: str) -> None:
        put(t.cell(r, 0), label)
        merge(t, r, 1, r, 3, value)

    title(0, L.ARTICLE_20_1)
    for c, text in enumerate((L.INFORMATION_CONTENT, L.ISSUED, L.REPEALED, L.IN_FORCE)):
        put(t.cell(1, c), text)
    for r, (key, label) in enumerate((("rules", L.RULES), ("normative_documents", L.NORMATIVE_DOCUMENTS)), start=2):
        put(t.cell(r, 0), label)
        for c, field in enumerate(("issued", "repealed", "in_force"), start=1):
            put(t.cell(r, c), "{{ t2." + key + "." + field + " }}")
    title(4, L.ARTICLE_20_5)
    single(5, L.INFORMATION_CONTENT, L.DECISIONS)
    single(6, L.LICENSING, "{{ t2.licensing }}")
    title(7, L.ARTICLE_20_6)
    single(8, L.INFORMATION_CONTENT, L.DECISIONS)
    single(9, L.PUNISHMENT, "{{ t2.punishment }}")
    single(10, L.COERCION, "{{ t2.coercion }}")
    title(11, L.ARTICLE_20_8)
    single(12, L.INFORMATION_CONTENT, L.FEE_AMOUNT)
    single(13, L.ADMINISTRATIVE_FEES, "{{ t2.fees }}")


def table_applications(doc: Document) -> None:  # type: ignore[valid-type]
    number = (TEXT_WIDTH - 560 - 760 - 2620) // 7
    widths = [560, 760, 2620, *([number] * 7)]
    rows = labels.APPLICATION_ROWS
    t = new_table(doc, 3 + len(rows), widths, header_rows=3)
    merge(t, 0, 0, 2, 2, labels.BALANCE_NOTE)
    merge(t, 0, 3, 0, 9, labels.APPLICANTS)
    merge(t, 1, 3, 2, 3, labels.APPLICANT_COLUMNS[0].label)
    merge(t, 1, 4, 1, 8, labels.LEGAL_PERSONS)
    merge(t, 1, 9, 2, 9, labels.TOTAL)
    for c, column in enumerate(labels.APPLICANT_COLUMNS[1:], start=4):
        put(t.cell(2, c), column.label)
    first_result = 3 + next(i for i, row in enumerate(rows) if row.group)
    last_result = 3 + max(i for i, row in enumerate(rows) if row.group)
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        r = 3 + i
        if not row.group:
            merge(t, r, 0, r, 2, row.label)
        elif len(row.path) == 2:
            merge(t, r, 1, r, 2, row.label)
        else:
            groups.setdefault(row.path[1], []).append(r)
            put(t.cell(r, 2), row.label)
        for c, column in enumerate(labels.ALL_COLUMNS, start=3):
            put(t.cell(r, c), "{{ t3." + row.key + "." + column.key + " }}")
    merge(t, first_result, 0, last_result, 0, labels.RESULTS)
    group_labels = {key: label for key, label, _ in labels.RESULT_GROUPS}
    for key, span in groups.items():
        merge(t, span[0], 1, span[-1], 1, group_labels[key])
    for r in range(first_result, last_result + 1):
        for c in (0, 1, 2):
            for p in t.cell(r, c).paragraphs:
                if c > 0:
                    p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def table_cases(doc: Document) -> None:  # type: ignore[valid-type]
    w = TEXT_WIDTH // 15
    t = new_table(doc, 4, [w] * 15, header_rows=3)
    merge(t, 0, 0, 0, 4, labels.ADMINISTRATIVE_REVIEW)
    merge(t, 0, 5, 0, 14, labels.ADMINISTRATIVE_LITIGATION)
    for c, column in enumerate(labels.ALL_OUTCOME_COLUMNS):
        merge(t, 1, c, 2, c, column.label)
    merge(t, 1, 5, 1, 9, labels.DIRECT_LITIGATION)
    merge(t, 1, 10, 1, 14, labels.LITIGATION_AFTER_REVIEW)
    for start in (5, 10):
        for k, column in enumerate(labels.ALL_OUTCOME_COLUMNS):
            put(t.cell(2, start + k), column.label)
    c = 0
    for group in labels.CASE_GROUPS:
        for column in labels.ALL_OUTCOME_COLUMNS:
            put(t.cell(3, c), "{{ t4." + group.key + "." + column.key + " }}")
            c += 1


# --- the document ---------------------------------------------------------------


def text_section(doc: Document, name: str) -> None:  # type: ignore[valid-type]
    """Paragraphs, then subsections with a heading of their own (五 and 六)."""
    loop(doc, f"for p in {name}.paragraphs", "{{ p }}")
    par(doc, "{%p for s in " + name + ".subsections %}")
    par(doc, "{%p if s.heading %}")
    par(doc, "{{ s.heading }}", "二级标题")
    par(doc, "{%p endif %}")
    loop(doc, "for p in s.paragraphs", "{{ p }}")
    par(doc, "{%p endfor %}")


def build(out: Path = OUT) -> Path:
    doc = Document()
    make_styles(doc)
    page_settings(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    par(doc, "{{ title }}", "报告标题")
    par(doc, "{{ opening }}")

    par(doc, labels.SECTION_TITLES[0], "一级标题")
    loop(doc, "for p in overview.paragraphs", "{{ p }}")
    par(doc, "{%p for s in overview.subsections %}")
    lead = par(doc, "")
    lead.add_run("{{ s.heading }}", style="小标题字符")
    lead.add_run("{{ s.lead }}")
    loop(doc, "for p in s.rest", "{{ p }}")
    par(doc, "{%p endfor %}")

    par(doc, labels.SECTION_TITLES[1], "一级标题")
    loop(doc, "for p in active_disclosure_notes", "{{ p }}")
    table_active_disclosure(doc)

    par(doc, labels.SECTION_TITLES[2], "一级标题")
    loop(doc, "for p in applications_notes", "{{ p }}")
    table_applications(doc)

    par(doc, labels.SECTION_TITLES[3], "一级标题")
    loop(doc, "for p in cases_notes", "{{ p }}")
    table_cases(doc)

    par(doc, labels.SECTION_TITLES[4], "一级标题")
    text_section(doc, "problems")
    par(doc, labels.SECTION_TITLES[5], "一级标题")
    text_section(doc, "other_matters")

    par(doc, "")
    par(doc, "")
    par(doc, "{{ signature.agency }}", "落款")
    par(doc, "{{ signature.date }}", "落款")

    props = doc.core_properties
    props.author = "nianbao"
    props.title = "{{ title }}"
    props.language = "zh-CN"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
