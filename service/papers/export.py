"""Export an options paper as Markdown or as a Word document with real footnotes.

Both formats are rendered from one outline (``_outline``) so they cannot drift apart
in structure. python-docx (1.2) has no footnote API, so the DOCX writer adds the
``word/footnotes.xml`` part itself and puts ``w:footnoteReference`` runs in the text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from service.answer.cite import Citation
from service.papers.model import Paper, Prose, Sentence, render_sentence

UNVERIFIED = "⚠ unverified:"
EMPTY = "None stated."


@dataclass(frozen=True)
class _Heading:
    level: int  # 0 is the paper title
    text: str


@dataclass(frozen=True)
class _Body:
    prose: Prose
    label: str = ""  # a phase name, shown bold before the prose as a list item


@dataclass(frozen=True)
class _Table:
    header: list[str]
    rows: list[list[str]]


_Block = _Heading | _Body | _Table | str  # a str is a plain paragraph (a Sources entry)


# Fields of Paper / AgendaSection / Option in reading order; headings that are not just
# the field name in sentence case come from _LABELS.
_TOP_PARTS = ("bluf", "background", "core_assessment")
_AGENDA_PARTS = ("status", "leverage", "linkage")
_OPTION_PARTS = ("verification", "red_lines", "fallback", "pros", "cons", "risks", "indicators")
_LABELS = {"bluf": "BLUF", "core_assessment": "Assessment of the core issue"}
_LABELS["indicators"] = "Indicators of progress"


def _label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def _outline(paper: Paper) -> list[_Block]:
    """The paper as an ordered list of blocks shared by both renderers."""
    blocks: list[_Block] = [_Heading(0, paper.title)]
    for field in _TOP_PARTS:
        blocks += [_Heading(1, _label(field)), _Body(getattr(paper, field))]
    blocks.append(_Heading(1, "Agendas"))
    for agenda in paper.agendas:
        blocks.append(_Heading(2, f"{agenda.name} (weight {agenda.weight:.2f})"))
        for field in _AGENDA_PARTS:
            blocks += [_Heading(3, _label(field)), _Body(getattr(agenda, field))]
    blocks.append(_Heading(1, "Options"))
    for number, option in enumerate(paper.options, 1):
        blocks += [_Heading(2, f"Option {number}: {option.name}"), _Body(option.summary)]
        blocks.append(_Heading(3, "Sequencing"))
        phases = [_Body(phase.steps, label=phase.name) for phase in option.sequencing]
        blocks += phases or [_Body(Prose())]
        for field in _OPTION_PARTS:
            blocks += [_Heading(3, _label(field)), _Body(getattr(option, field))]
    blocks += [_Heading(1, "Comparison"), _comparison_table(paper)]
    blocks += [_Heading(1, "Recommendation"), _Body(paper.recommendation)]
    evidence = [[row.claim, row.source, row.quote, row.date] for row in paper.evidence]
    blocks += [_Heading(1, "Evidence"), _Table(["Claim", "Source", "Quote", "Date"], evidence)]
    blocks.append(_Heading(1, "Sources"))
    blocks += [f'[{c.n}] {_cite_head(c)} — "{c.quote}"' for c in paper.citations]
    return blocks


def _comparison_table(paper: Paper) -> _Table:
    """Options as rows, weighted agendas as columns, plus the total weighted score."""
    # Agendas/options named only in comparison rows still get a column/row, so no
    # score the writer produced is silently dropped from the table.
    columns = {a.agenda_id: f"{a.name} (w={a.weight:.2f})" for a in paper.agendas}
    options = [o.name for o in paper.options]
    cells: dict[tuple[str, str], str] = {}
    totals: dict[str, float] = {}
    for row in paper.comparison:
        columns.setdefault(row.agenda_id, f"{row.agenda_id} (w={row.weight:.2f})")
        if row.option not in options:
            options.append(row.option)
        cells[(row.option, row.agenda_id)] = f"{row.score} ({row.weighted:.2f})"
        totals[row.option] = totals.get(row.option, 0.0) + row.weighted
    rows = [
        [name, *(cells.get((name, a), "—") for a in columns), f"{totals.get(name, 0.0):.2f}"]
        for name in options
    ]
    return _Table(["Option", *columns.values(), "Total weighted"], rows)


def _cite_head(citation: Citation) -> str:
    """``title (date), source`` with empty parts left out."""
    head = citation.title or citation.doc_id
    if citation.date:
        head = f"{head} ({citation.date})"
    if citation.source_status != "reviewed":
        head = f"{head} [unreviewed source]"
    return f"{head}, {citation.source}" if citation.source else head


def _is_unverified(sentence: Sentence) -> bool:
    # Claims that failed verification, and framing that states facts no citation supports.
    return not sentence.supported


def _md_sentence(sentence: Sentence) -> str:
    text = render_sentence(sentence)
    if sentence.kind == "framing":
        text = "*" + text.replace("*", "\\*") + "*"
    return f"**{UNVERIFIED}** {text}" if _is_unverified(sentence) else text


def _md_cell(text: str) -> str:
    # A pipe or a line break inside a cell would split the row.
    return " ".join(text.replace("|", "\\|").split())


def paper_to_markdown(paper: Paper) -> str:
    """Render the whole paper as Markdown with ``[n]`` markers and a Sources list.

    Framing sentences are italic and unsupported claims carry a visible
    ``⚠ unverified:`` flag so a reader never mistakes them for checked facts.
    """
    lines: list[str] = []
    for block in _outline(paper):
        if isinstance(block, _Heading):
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, _Body):
            body = " ".join(_md_sentence(s) for s in block.prose.sentences) or f"_{EMPTY}_"
            lines += [f"- **{block.label}:** {body}" if block.label else body, ""]
        elif isinstance(block, _Table):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        else:
            lines += [block, ""]
    return "\n".join(lines).rstrip() + "\n"


# Word expects the separator footnotes (ids -1 and 0) before the real ones; settings.xml
# points at them through w:footnotePr.
_SEPARATOR = (
    '<w:footnote w:type="{0}" w:id="{1}"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:{0}/></w:r></w:p></w:footnote>'
)
_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>{_SEPARATOR.format('separator', -1)}"
    f"{_SEPARATOR.format('continuationSeparator', 0)}</w:footnotes>"
)

# CT_Settings children that may follow w:footnotePr: Word rejects out-of-order settings.
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr w:compat w:docVars w:rsids m:mathPr w:attachedSchema w:themeFontLang"
    " w:clrSchemeMapping w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures"
    " w:forceUpgrade w:captions w:readModeInkLockDown w:smartTagType sl:schemaLibrary"
    " w:shapeDefaults w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator"
).split()


class _Footnotes:
    """Collects one Word footnote per citation marker, numbered in reading order."""

    def __init__(self, document: DocxDocument, citations: list[Citation]):
        # The default template lacks Word's built-in footnote styles, so add them.
        styles = document.styles
        self._text_style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        self._text_style.base_style, self._text_style.font.size = styles["Normal"], Pt(10)
        self._ref_style = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        self._ref_style.font.superscript = True
        self._by_n = {c.n: c for c in citations}
        self.root = parse_xml(_FOOTNOTES_XML)
        self._next_id = 1

    def reference(self, paragraph: Paragraph, n: int) -> None:
        """Append a footnote reference for citation ``n`` and write its footnote body."""
        note_id = str(self._next_id)
        self._next_id += 1
        run = paragraph.add_run(style=self._ref_style)
        run.font.superscript = True  # explicit too, in case a viewer ignores the style
        run._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): note_id}))
        citation = self._by_n.get(n)
        text = f"{_cite_head(citation)}: “{citation.quote}”" if citation else f"[{n}] missing"
        self.root.append(
            parse_xml(
                f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p>'
                f'<w:pPr><w:pStyle w:val="{self._text_style.style_id}"/></w:pPr>'
                f'<w:r><w:rPr><w:rStyle w:val="{self._ref_style.style_id}"/>'
                '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
                "</w:p></w:footnote>"
            )
        )


def _docx_sentence(paragraph: Paragraph, sentence: Sentence, notes: _Footnotes) -> None:
    if _is_unverified(sentence):
        paragraph.add_run(UNVERIFIED + " ").bold = True
    italic = sentence.kind == "framing"
    body, stop = sentence.text, ""
    # Same placement as render_sentence: the markers go before the final stop.
    if sentence.citations and body.endswith((".", "!", "?")):
        body, stop = body[:-1], body[-1]
    paragraph.add_run(body).italic = italic or None
    for n in sentence.citations:
        notes.reference(paragraph, n)
    if stop:
        paragraph.add_run(stop).italic = italic or None


def _install_footnotes(document: DocxDocument, notes: _Footnotes) -> None:
    """Add word/footnotes.xml to the package and point settings.xml at the separators."""
    part = XmlPart(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.root, document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        ids = '<w:footnote w:id="-1"/><w:footnote w:id="0"/>'
        footnote_pr = parse_xml(f"<w:footnotePr {nsdecls('w')}>{ids}</w:footnotePr>")
        settings.insert_element_before(footnote_pr, *_AFTER_FOOTNOTE_PR)


def paper_to_docx(paper: Paper) -> bytes:
    """Render the paper as a DOCX whose citation markers are real Word footnotes.

    Each marker occurrence becomes its own footnote (``title (date), source: “quote”``),
    which is how Word numbers footnotes; the Sources list is kept as well.
    """
    document = docx.Document()
    notes = _Footnotes(document, paper.citations)
    for block in _outline(paper):
        if isinstance(block, _Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, _Body):
            paragraph = document.add_paragraph(style="List Bullet" if block.label else None)
            if block.label:
                paragraph.add_run(f"{block.label}: ").bold = True
            for index, sentence in enumerate(block.prose.sentences):
                if index:
                    paragraph.add_run(" ")
                _docx_sentence(paragraph, sentence, notes)
            if not block.prose.sentences:
                paragraph.add_run(EMPTY).italic = True
        elif isinstance(block, _Table):
            table = document.add_table(rows=1, cols=len(block.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(block)
    _install_footnotes(document, notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def footnotes_of(docx_bytes: bytes) -> list[str]:
    """Reopen a DOCX with python-docx and return its footnote texts in part order.

    The separator footnotes are skipped; an absent footnotes part yields ``[]``.
    """
    document = docx.Document(io.BytesIO(docx_bytes))
    for rel in document.part.rels.values():
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        ns = {"w": nsmap["w"]}
        return [
            "".join(note.xpath(".//w:t/text()", namespaces=ns)).strip()
            for note in root.xpath("w:footnote", namespaces=ns)
            if note.get(qn("w:type"), "normal") == "normal"
        ]
    return []
