"""Word footnotes for the DOCX export: python-docx (1.2) has no footnote API, so this adds
the ``word/footnotes.xml`` part itself, puts ``w:footnoteReference`` runs in the text, and
reads the footnotes back (``footnotes_of``) for the round-trip tests."""

from __future__ import annotations

import io
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

from service.text.evidence import Citation


def cite_head(citation: Citation) -> str:
    """``title (date), source`` with empty parts left out."""
    head = citation.title or citation.doc_id
    if citation.date:
        head = f"{head} ({citation.date})"
    if citation.source_status != "reviewed":
        head = f"{head} [unreviewed source]"
    return f"{head}, {citation.source}" if citation.source else head


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


class Footnotes:
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
        text = f"{cite_head(citation)}: “{citation.quote}”" if citation else f"[{n}] missing"
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


def install_footnotes(document: DocxDocument, notes: Footnotes) -> None:
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
