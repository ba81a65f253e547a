"""Export to Markdown and to DOCX with real Word footnotes, reopened with python-docx."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from service.papers.export import footnotes_of, paper_to_docx, paper_to_markdown
from service.papers.outline import Body, Grid, Heading, TextTable, is_unverified, outline
from service.papers.paper import (
    AgendaSection,
    ChronologyEntry,
    ComparisonRow,
    Conflict,
    DraftRequest,
    EvidenceRow,
    Gap,
    MatrixCell,
    MatrixRow,
    Option,
    Paper,
    Phase,
    Prose,
    Sentence,
    Statement,
)
from service.text.evidence import Citation

HEADINGS = [
    "BLUF",
    "Background",
    "Assessment of the core issue",
    "Agendas",
    "Options",
    "Sequencing",
    "Verification",
    "Red lines",
    "Fallback",
    "Pros",
    "Cons",
    "Risks",
    "Indicators of progress",
    "Comparison",
    "Options matrix",
    "Chronology",
    "Conflicts between sources",
    "Gaps in the evidence",
    "Recommendation",
    "Evidence",
    "Sources",
]


def _cite(n: int, title: str, quote: str) -> Citation:
    return Citation(
        n=n,
        source=f"corpus/doc{n}.md",
        doc_id=f"doc{n}",
        chunk_id=f"doc{n}-0",
        title=title,
        date=f"2014-0{n}-01",
        quote=quote,
        start=0,
        end=len(quote),
    )


def _prose(*sentences: Sentence) -> Prose:
    return Prose(sentences=list(sentences))


OPTION_PARTS = ("verification", "red_lines", "fallback", "pros", "cons", "risks", "indicators")
CALCUTTA = Conflict(
    about="the date of Calcutta Agreement",
    statements=[
        Statement(text="An AP dispatch gives 13 August 1959.", value="1959-08-13", citations=[2]),
        Statement(text="A UPI item gives 12 August 1959.", value="1959-08-12", citations=[3]),
    ],
)


MATRIX_ROW = MatrixRow(
    option="Phased package",
    option_path="options.0",
    cells=[
        MatrixCell(criterion="Agenda served and weight", text="Serves abductions.", kind="framing"),
        MatrixCell(criterion="Leverage Japan holds", text="Relief was offered.", citations=[2]),
        MatrixCell(criterion="DPRK stated position", text="No source.", kind="none"),
    ],
)


def _paper() -> Paper:
    """Two agendas (the second with no evidence: a gap), two options, three citations;
    [1] is cited three times in the prose and once in the chronology."""
    talks = Sentence(text="Talks resumed in Stockholm in May 2014.", citations=[1])
    parts = {f: _prose(Sentence(text=f"Framing of {f}.", kind="framing")) for f in OPTION_PARTS}
    return Paper(
        title="Options paper: Stockholm follow-up",
        request=DraftRequest(tasking="How should talks proceed?"),
        bluf=_prose(Sentence(text="Two options are weighed.", kind="framing"), talks),
        background=_prose(Sentence(text="A special committee was set up.", citations=[1, 2])),
        core_assessment=_prose(Sentence(text="Sanctions relief is the main lever.", citations=[3])),
        agendas=[
            AgendaSection(
                agenda_id="abductions",
                name="Abductions",
                weight=0.6,
                status=_prose(Sentence(text="The investigation stalled.", citations=[2])),
            ),
            AgendaSection(agenda_id="remains", name="Remains", weight=0.4),
        ],
        options=[
            Option(
                name="Phased package",
                summary=_prose(Sentence(text="Pyongyang will accept at once.", supported=False)),
                sequencing=[Phase(name="Phase 1: reopen channel", steps=_prose(talks))],
                **parts,
            ),
            Option(name="Hold", summary=_prose(Sentence(text="Wait.", kind="framing"))),
        ],
        comparison=[
            ComparisonRow(
                option="Phased package", agenda_id="abductions", weight=0.6, score=2, weighted=1.2
            ),
            ComparisonRow(
                option="Phased package", agenda_id="remains", weight=0.4, score=3, weighted=1.2
            ),
            ComparisonRow(option="Hold", agenda_id="abductions", weight=0.6, score=1, weighted=0.6),
            ComparisonRow(option="Hold", agenda_id="remains", weight=0.4, score=0, weighted=0.0),
        ],
        recommendation=_prose(Sentence(text="Pursue the phased package.", kind="framing")),
        matrix=[MATRIX_ROW],
        chronology=[ChronologyEntry(date="2014-05", text=talks.text, citations=[1])],
        conflicts=[CALCUTTA],
        gaps=[Gap(path="agendas.remains.status", text="No source states the status of remains.")],
        evidence=[
            EvidenceRow(
                claim=talks.text, source="corpus/doc1.md", quote="talks in May", date="2014-01-01"
            )
        ],
        citations=[
            _cite(1, "Stockholm Agreement", "talks in May"),
            _cite(2, "Committee report", "special committee"),
            _cite(3, "Sanctions note", "relief of sanctions"),
        ],
    )


def _markers(paper: Paper) -> list[int]:
    """Every citation marker of the paper's prose, in the order the renderers meet it."""
    text = paper_to_markdown(paper).split("## Evidence")[0]
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


def test_paper_to_markdown_has_all_section_headings() -> None:
    text = paper_to_markdown(_paper())
    assert text.startswith("# Options paper: Stockholm follow-up\n")
    for heading in HEADINGS:
        assert re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE), heading
    assert "### Abductions (weight 0.60)" in text
    assert "### Remains (weight 0.40)" in text
    assert "### Option 1: Phased package" in text
    assert "### Option 2: Hold" in text
    assert "- **Phase 1: reopen channel:** Talks resumed in Stockholm in May 2014 [1]." in text


def test_chronology_conflicts_and_gaps_in_markdown_and_docx() -> None:
    text = paper_to_markdown(_paper())
    assert "- **2014-05:** Talks resumed in Stockholm in May 2014 [1]." in text
    assert "1959-08-13: An AP dispatch gives 13 August 1959 [2]." in text
    assert "1959-08-12: A UPI item gives 12 August 1959 [3]." in text
    assert "No source states the status of remains." in text
    assert "None stated" not in text
    # The empty agenda block is left out of the prose: its gap stands for it.
    remains = text.split("### Remains (weight 0.40)")[1].split("## Options")[0]
    assert remains.strip() == ""
    texts = [p.text for p in docx.Document(io.BytesIO(paper_to_docx(_paper()))).paragraphs]
    assert "2014-05: Talks resumed in Stockholm in May 2014." in texts
    assert "No source states the status of remains." in texts


def test_numbers_and_supersessions_in_markdown_and_docx() -> None:
    spouses = Conflict(about="the number of Japanese spouses", kind="number", statements=[
        Statement(text="A study puts them at about 1,830.", value="about 1,830", citations=[2]),
        Statement(text="The government estimated 1,800.", value="about 1,800", citations=[3]),
    ])  # fmt: skip
    dissolved = Conflict(about="the Special Investigation Committee", kind="supersession",
                         statements=[
        Statement(text="The committee was promised in May 2014.", value="2014-05", citations=[2]),
        Statement(text="It was dissolved on 12 February 2016.", value="2016-02-12",
                  citations=[3], later=True),
    ])  # fmt: skip
    paper = _paper().model_copy(update={"conflicts": [CALCUTTA, spouses, dissolved]})
    text = paper_to_markdown(paper)
    assert "Sources differ on the number of Japanese spouses" in text
    assert "about 1,830: A study puts them at about 1,830 [2]." in text
    assert "A later statement supersedes an earlier one on the Special Investigation" in text
    assert "2016-02-12 (later): It was dissolved on 12 February 2016 [3]." in text
    texts = [p.text for p in docx.Document(io.BytesIO(paper_to_docx(paper))).paragraphs]
    assert any("2016-02-12 (later): It was dissolved on 12 February 2016" in t for t in texts)


def test_options_matrix_in_markdown() -> None:
    text = paper_to_markdown(_paper())
    assert (
        "| Option | Agenda served and weight | Leverage Japan holds | DPRK stated position |"
        in text
    )
    assert "| Phased package | Serves abductions. | Relief was offered [2]. | No source. |" in text


def test_paper_to_markdown_comparison_table() -> None:
    text = paper_to_markdown(_paper())
    header = "| Option | Abductions (w=0.60) | Remains (w=0.40) | Total weighted |"
    assert header in text
    assert "| Phased package | 2 (1.20) | 3 (1.20) | 2.40 |" in text
    assert "| Hold | 1 (0.60) | 0 (0.00) | 0.60 |" in text


def test_paper_to_markdown_markers_framing_and_unverified_flag() -> None:
    text = paper_to_markdown(_paper())
    assert "Talks resumed in Stockholm in May 2014 [1]." in text
    assert "A special committee was set up [1][2]." in text
    assert "*Two options are weighed.*" in text
    assert "**⚠ unverified:** Pyongyang will accept at once." in text
    assert "⚠ unverified:** Talks" not in text  # supported claims carry no flag
    assert '[3] Sanctions note (2014-03-01), corpus/doc3.md — "relief of sanctions"' in text
    assert "| Talks resumed in Stockholm in May 2014. | corpus/doc1.md | talks in May |" in text


def test_paper_to_docx_reopens_with_headings_and_tables() -> None:
    data = paper_to_docx(_paper())
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Options paper: Stockholm follow-up"
    for heading in HEADINGS:
        assert heading in texts, heading
    assert "⚠ unverified: Pyongyang will accept at once." in texts
    comparison, matrix, evidence = document.tables
    assert [c.text for c in matrix.rows[0].cells] == [
        "Option",
        "Agenda served and weight",
        "Leverage Japan holds",
        "DPRK stated position",
    ]
    assert [c.text for c in matrix.rows[1].cells] == [
        "Phased package",
        "Serves abductions.",
        "Relief was offered.",
        "No source.",
    ]
    # The cited cell carries a real footnote reference, and its footnote names the source.
    cited = matrix.rows[1].cells[2]._tc.xml
    assert "w:footnoteReference" in cited
    note_id = int(re.findall(r'w:footnoteReference w:id="(\d+)"', cited)[0])
    assert (
        footnotes_of(data)[note_id - 1]
        == "Committee report (2014-02-01), corpus/doc2.md: “special committee”"
    )
    assert [c.text for c in comparison.rows[1].cells] == [
        "Phased package",
        "2 (1.20)",
        "3 (1.20)",
        "2.40",
    ]
    assert [c.text for c in evidence.rows[0].cells] == ["Claim", "Source", "Quote", "Date"]


def test_footnotes_of_one_footnote_per_marker_occurrence() -> None:
    paper = _paper()
    markers = _markers(paper)
    # BLUF, background, core, agenda, phase, the matrix cell, the chronology, both conflict sides
    assert markers == [1, 1, 2, 3, 2, 1, 2, 1, 2, 3]
    notes = footnotes_of(paper_to_docx(paper))
    by_n = {c.n: c for c in paper.citations}
    expected = [
        f"{by_n[n].title} ({by_n[n].date}), {by_n[n].source}: “{by_n[n].quote}”" for n in markers
    ]
    assert notes == expected
    assert notes[0] == "Stockholm Agreement (2014-01-01), corpus/doc1.md: “talks in May”"


def test_paper_to_docx_document_xml_has_footnote_references() -> None:
    data = paper_to_docx(_paper())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
        content_types = package.read("[Content_Types].xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    ids = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert ids == [str(i) for i in range(1, 11)]
    assert 'w:type="separator" w:id="-1"' in footnotes
    assert 'w:type="continuationSeparator" w:id="0"' in footnotes
    assert "wordprocessingml.footnotes+xml" in content_types
    assert "relationships/footnotes" in rels
    assert "<w:footnotePr>" in settings


def test_footnotes_of_plain_document_is_empty() -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert footnotes_of(buffer.getvalue()) == []


def test_assessments_carry_a_visible_marker_in_markdown_and_docx() -> None:
    paper = _paper()
    paper.background.sentences[0].assessment = "Why the Stockholm process collapsed"
    marker = "◇ Assessment (Why the Stockholm process collapsed):"
    assert f"**{marker}** A special committee was set up [1][2]." in paper_to_markdown(paper)
    texts = [p.text for p in docx.Document(io.BytesIO(paper_to_docx(paper))).paragraphs]
    assert f"{marker} A special committee was set up." in texts
    # Facts carry no marker.
    assert paper_to_markdown(paper).count("◇ Assessment") == 1


def test_the_outline_orders_the_blocks_both_formats_render() -> None:
    blocks = outline(_paper())
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.level in (1, 3)]
    assert [h for h in headings if h in HEADINGS] == [h for h in HEADINGS if h in headings]
    assert blocks[0] == Heading(0, "Options paper: Stockholm follow-up")
    assert sum(isinstance(b, Grid) for b in blocks) == 1  # the options matrix
    assert [b.header[0] for b in blocks if isinstance(b, TextTable)] == ["Option", "Claim"]
    phase = next(b for b in blocks if isinstance(b, Body) and b.label.startswith("Phase"))
    assert phase.label == "Phase 1: reopen channel"


def test_a_failed_claim_is_flagged_and_a_supported_one_is_not() -> None:
    assert is_unverified(Sentence(text="Pyongyang will accept at once.", supported=False))
    assert not is_unverified(Sentence(text="Talks resumed.", citations=[1]))
