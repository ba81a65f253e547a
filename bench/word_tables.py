"""Each hand-written word table or rule of answer/ and verify/, switched off one at a time,
on the tune split with the reading model in (checker and answer gate ``model``, the
extractive composer): evals/core, its leave-one-out suite, the SQuAD tune articles, and
the tune meaning pairs (our corpus's "held-out" rows). A table that adds nothing there
is retired; held-out suites and pairs are read only with --held-out, for the final state.

    .venv/bin/python bench/word_tables.py --core DIR --squad-tune DIR [--only NAME ...]
    .venv/bin/python bench/word_tables.py --pairs-only --core - --squad-tune - [--only ...]
        [--held-out]

DIR: data folders with the suites' corpora ingested. A table of the question checks can
change an answer only through what the rules hand the reading model (the sentences that
meet the question's constraints, their coverage, parts and focus scores): each variant
first finds the questions whose pool it changes (rules only, cheap), then answers and
scores just those with and without it, through the real answer path. It prints, per
suite, how many questions the table reaches and the change of each metric over the whole
suite (the questions it does not reach keep their answers exactly). A table only the
verifier reads is measured on the meaning pairs (``--pairs-only``): the extractive
composer's sentences are verbatim, and no meaning check can trip on a verbatim sentence.
Each variant patches module attributes for its run only.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from langchain_core.embeddings import Embeddings

from service.answer import extractive, question
from service.answer.numbered import number_passages
from service.answer.passage_sentences import passage_sentences
from service.answer.question import question_parts
from service.config import Settings
from service.corpus.embed import load_embedder
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals import runner as runner_module
from service.evals.results import SUMMARY_NAMES
from service.evals.runner import SuiteRunner, select_items
from service.evals.suite import EvalItem
from service.retrieve import hybrid, langchain_retriever
from service.retrieve.langchain_retriever import HybridRetriever
from service.text.evidence import Passage
from service.text.language import language_of
from service.verify import facts, meaning, semantic_roles, wording
from service.verify.support import Verifier
from service.wiring import build_answerer, build_reader, build_verifier

REPO = Path(__file__).resolve().parent.parent
NEVER = re.compile(r"(?!x)x")
Patch = tuple[object, str, object]


def _none(*_: object, **__: object) -> list[Any]:
    return []


def _verifier_antonyms_only() -> list[Patch]:
    """Opposites off in the verifier's meaning checks, kept for the question check."""
    keep = meaning._antonyms

    def opposites(sentence: str, quote: str, pairs: Sequence[tuple[str, str]]) -> list[Any]:
        said, cited = wording.Wording(sentence), wording.Wording(quote)
        pair = meaning._Pair(said, cited, meaning._swaps(said, cited, 1), [])
        return keep(pair, pairs)

    return [(meaning, "_antonyms", _none), (question, "opposites", opposites)]


def _without_kind(kind: str) -> list[Patch]:
    rest = {k: v for k, v in meaning.words.CONNECTIVES.items() if k != kind}
    return [(meaning.words, "CONNECTIVES", rest)]


# Removed 2026-12-07 (written from the Rhine article): restored, to look at held-out once.
ARTICLE_PAIRS = {("upstream", "downstream"), ("clean", "polluted")}


def _article_pairs_restored() -> list[Patch]:
    pairs = (*question.ANTONYMS, *sorted(ARTICLE_PAIRS))
    return [
        (question, "ANTONYMS", pairs),
        (question, "_NOT_BOUNDARIES", (*question._NOT_BOUNDARIES, *sorted(ARTICLE_PAIRS))),
    ]


VARIANTS: dict[str, Callable[[], list[Patch]]] = {
    "all tables": lambda: [],
    "antonyms (verifier)": _verifier_antonyms_only,
    "antonyms (question)": lambda: [(question, "_opposed", _none)],
    "antonyms, Rhine pairs": lambda: [
        (
            meaning.words,
            "ANTONYMS",
            tuple(p for p in meaning.words.ANTONYMS if p not in ARTICLE_PAIRS),
        ),
        (
            question,
            "ANTONYMS",
            tuple(p for p in question.ANTONYMS if p not in ARTICLE_PAIRS),
        ),
        (
            question,
            "_NOT_BOUNDARIES",
            tuple(p for p in question._NOT_BOUNDARIES if p not in ARTICLE_PAIRS),
        ),
    ],
    "Rhine pairs restored": _article_pairs_restored,
    "span boundaries (question)": lambda: [(question, "_SPAN", NEVER)],
    "connectives": lambda: [(meaning, "_connectives", _none)],
    "connectives: condition": lambda: _without_kind("condition"),
    "connectives: condition-if": lambda: _without_kind("condition-if"),
    "connectives: cause": lambda: _without_kind("cause"),
    "connectives: sequence": lambda: _without_kind("sequence"),
    "connectives: sequence-order": lambda: _without_kind("sequence-order"),
    "modality": lambda: [(meaning, "_modality", _none)],
    "quantifiers": lambda: [(meaning, "_quantifiers", _none)],
    "list items": lambda: [(meaning, "_list_items", _none)],
    "role swaps": lambda: [(meaning, "role_changes", _none), (meaning, "slot_changes", _none)],
    "attribution": lambda: [(meaning, "attribution_changes", _none)],
    "idioms": lambda: [(wording, "_IDIOM", NEVER)],
    "role-check pronouns (verifier)": lambda: [(semantic_roles, "_PRONOUNS", frozenset())],
    "speaker adverbs (verifier)": lambda: [
        (semantic_roles, "_BETWEEN_SPEAKER_AND_VERB", frozenset())
    ],
    "passive auxiliaries (verifier)": lambda: [(semantic_roles, "_AUXILIARIES", frozenset())],
    "function words (verifier)": lambda: [(wording, "_FUNCTION", frozenset())],
    "qualifiers (question)": lambda: [(question, "_unmatched_qualifiers", _none)],
    "negation (question)": lambda: [(question, "_NEGATION", NEVER)],
    "answer type (question)": lambda: [(question, "_has_answer_type", lambda *a: True)],
    "what is counted (question)": lambda: [(question, "_relation_stated", lambda *a: True)],
    "asking words (question)": lambda: [(question, "_ASKING_WORDS", frozenset())],
    "state names (question)": lambda: [
        (question, "_SAME_STATE", []),
        (question, "_STANDS_FOR", {}),
    ],
    "aliases (facts)": lambda: [(facts, "_ALIASES", [])],
    "country adjectives (facts)": lambda: [(facts, "_COUNTRY_OF", {})],
    "negation words (facts)": lambda: [
        (facts, "_NEGATIONS", frozenset()),
        (facts, "_contrast", lambda *a: False),
    ],
    "demonyms (facts)": lambda: [(facts, "_DEMONYMS", {})],
    "date labels (question)": lambda: [(question, "_DATE_PARTS", NEVER)],
    "date words (question)": lambda: [(question, "_YEAR_OR_DATE", NEVER)],
    "agent match (focus)": lambda: [(extractive, "agent_match", lambda *a: 0.0)],
    "cause match (focus)": lambda: [(extractive, "cause_match", lambda *a: 0.0)],
}


@contextmanager
def patched(patches: list[Patch]) -> Iterator[None]:
    """The variant's module attributes replaced for the block only."""
    with ExitStack() as stack:
        for target, name, value in patches:
            stack.enter_context(mock.patch.object(target, name, value))
        yield


class CachedEmbeddings(Embeddings):
    """The embedder, each text embedded once for every variant."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.docs: dict[str, list[float]] = {}
        self.queries: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embedded documents, from the cache where seen."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if todo:
            self.docs.update(zip(todo, self.inner.embed_documents(todo), strict=True))
        return [self.docs[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """An embedded query, from the cache where seen."""
        if text not in self.queries:
            self.queries[text] = self.inner.embed_query(text)
        return self.queries[text]


SUITES = (
    ("core", "core", "evals/core.yaml"),
    ("loo", "core", "evals/core-leave-one-out.yaml"),
    ("squadtune", "squad-tune", "evals/squad-tune/articles-sample300.yaml"),
)
# Held out, read once for the final state (--held-out: --core and --squad-tune then name
# the Normans/Rhine and the held-out SQuAD data folders).
HELD_OUT = (
    ("squad", "core", "evals/squad/normans-rhine-sample240.yaml"),
    ("squadheld", "squad-tune", "evals/squad-heldout/articles-sample300.yaml"),
)
SQUAD = ("answer_rate", "abstention_accuracy", "gold_span_cited")
KEYS = {
    "core": ("answer_rate", "answer_f1", "abstention_accuracy"),
    "loo": ("abstention_accuracy",),
    "squadtune": SQUAD,
    "squad": SQUAD,
    "squadheld": SQUAD,
}


def meaning_pairs(held_out: bool = False) -> list[dict[str, Any]]:
    """The tune meaning pairs (our corpus's rows of the "held-out" split), or with
    ``held_out`` the reading model's held-out pairs (Warsaw, Harvard University)."""
    if held_out:
        path = REPO / "training/data/meaning_pairs_heldout.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()]
    rows = map(json.loads, (REPO / "tests/data/meaning_pairs.jsonl").read_text().splitlines())
    return [r for r in rows if r["corpus"] == "ours" and r["split"] == "held-out"]


def score_pairs(verifier: Verifier, rows: list[dict[str, Any]]) -> dict[str, float]:
    """Changes caught and faithful sentences passed by the verifier."""
    caught, passed = [], []
    for row in rows:
        ok = verifier.verify(row["sentence"], [Passage(row["id"], row["passage"])])
        (passed if row["label"] else caught).append(ok.supported == row["label"])
    return {"caught": sum(caught) / len(caught), "passed": sum(passed) / len(passed)}


def findings(rows: list[dict[str, Any]]) -> list[str]:
    """The meaning checks' findings on each pair (rules only)."""
    return [repr(meaning.meaning_changes(r["sentence"], r["passage"])) for r in rows]


def pairs_only(
    embedder: Embeddings, base: Settings, variants: list[str], out: Path, held_out: bool
) -> None:
    """Each variant on the meaning pairs only, with the verifier the settings wire: the
    pairs whose findings it changes (reached), changes caught and faithful passed."""
    verifier = build_verifier(embedder, base, build_reader(base))
    pairs = meaning_pairs(held_out)
    before = findings(pairs)
    for variant in variants:
        with patched(VARIANTS[variant]()):
            row = {"variant": variant, "checker": base.support_checker}
            row["reached"] = sum(a != b for a, b in zip(before, findings(pairs), strict=True))
            row["pairs"] = score_pairs(verifier, pairs)
        row["pairs"] = {k: round(v, 3) for k, v in row["pairs"].items()}
        with out.open("a") as file:
            file.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)


@dataclass
class Suite:
    """A suite's runner and items, with each question's rule-made pool without patches."""

    runner: SuiteRunner
    items: list[EvalItem]
    pools: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def rule_pool(runner: SuiteRunner, item: EvalItem) -> tuple[Any, ...]:
    """What the rules hand the reading model for ``item`` (``extractive.candidates`` up to
    the model): the sentences that meet the question's constraints, with their coverage
    and parts, and their focus scores. A table that leaves this unchanged leaves the
    answer unchanged (the model, the embedder and the order read nothing else)."""
    filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
    hits = HybridRetriever(index=runner.index, k=6, filters=filters).hits(item.question)
    sentences = passage_sentences(number_passages(hits))
    asked = language_of(item.question)
    sentences = [s for s in sentences if language_of(s.text) == asked]
    covered = extractive._eligible(question_parts(item.question), sentences)
    focus = extractive._focus(item.question, sentences, list(covered)) if covered else []
    made = tuple((s.n, s.text, round(c, 6), parts) for s, (c, parts) in covered.items())
    return made, tuple(round(f, 6) for f in focus)


def reached(suite: Suite, patches: list[Patch]) -> list[EvalItem]:
    """The questions whose rule-made pool the variant changes."""
    for item in suite.items:
        if item.id not in suite.pools:
            suite.pools[item.id] = rule_pool(suite.runner, item)
    with patched(patches):
        return [i for i in suite.items if rule_pool(suite.runner, i) != suite.pools[i.id]]


def delta(suite: Suite, patches: list[Patch], key: str) -> dict[str, Any]:
    """The reached questions answered with and without the variant's table: how many,
    and the change of each suite metric (over the suite's questions it applies to)."""
    items = reached(suite, patches)
    before = [suite.runner.score(i) for i in items]
    with patched(patches):
        after = [suite.runner.score(i) for i in items]
    out: dict[str, Any] = {"reached": len(items)}
    for metric in KEYS[key]:
        name = next(k for k, v in SUMMARY_NAMES.items() if v == metric)
        applies = sum(1 for i in suite.items if _applies(i, name))
        change = sum(
            (a.metrics.get(name) or 0.0) - (b.metrics.get(name) or 0.0)
            for a, b in zip(after, before, strict=True)
        )
        out[metric] = round(change / applies, 3) if applies else 0.0
    out["changed"] = [
        b.item_id
        for a, b in zip(after, before, strict=True)
        if a.answer.get("text") != b.answer.get("text")
    ]
    return out


def _applies(item: EvalItem, name: str) -> bool:
    if name == "abstention_correct":
        return not item.answerable
    if name == "answer_f1":
        return item.answerable and bool(item.answer)
    if name == "span_cited":
        return item.answerable and bool(item.spans)
    return item.answerable


def memoised_search() -> list[Patch]:
    """Retrieval reads no word table: each query is searched once for every variant."""
    seen: dict[tuple[int, str, int, str], list[Any]] = {}

    def search(index: Index, query: str, k: int, filters: object = None) -> list[Any]:
        key = (id(index), query, k, repr(filters))
        if key not in seen:
            seen[key] = hybrid.search(index, query, k, filters)  # type: ignore[arg-type]
        return seen[key]

    return [(runner_module, "search", search), (langchain_retriever, "search", search)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=Path, required=True)
    parser.add_argument("--squad-tune", type=Path, required=True)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--held-out", action="store_true", help="the held-out suites instead")
    parser.add_argument("--out", type=Path, default=Path("word_tables.jsonl"))
    parser.add_argument(
        "--pairs-only",
        action="store_true",
        help="the meaning pairs alone: enough for a table only the verifier reads, since "
        "the extractive composer's sentences are verbatim and no meaning check can trip "
        "on them",
    )
    parser.add_argument(
        "--checker",
        choices=("model", "rules"),
        default="model",
        help="the support checker (rules: the default, held to the eval gates)",
    )
    args = parser.parse_args()
    base = Settings(llm="extractive", support_checker=args.checker, answer_ranker="model")
    embedder = CachedEmbeddings(load_embedder(base.resolved_embedding_model_path()))
    if args.pairs_only:
        pairs_only(embedder, base, args.only or list(VARIANTS), args.out, args.held_out)
        return
    runners = {}
    for name, folder in (("core", args.core), ("squad-tune", args.squad_tune)):
        index = Index.open(base.model_copy(update={"data_dir": folder}), embedder)
        answerer = build_answerer(index, index.settings)
        if answerer.reader is not None:
            answerer.reader._cache_size = 10**7
        runners[name] = SuiteRunner(index, answerer)
    chosen = HELD_OUT if args.held_out else SUITES
    suites = {key: Suite(runners[data], select_items(REPO / path)) for key, data, path in chosen}
    with patched(memoised_search()):
        for variant in args.only or list(VARIANTS):
            started = time.monotonic()
            row: dict[str, Any] = {"variant": variant}
            for key, suite in suites.items():
                row[key] = delta(suite, VARIANTS[variant](), key)
            row["seconds"] = round(time.monotonic() - started)
            with args.out.open("a") as out:
                out.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)
        key, _, path = chosen[0]
        run = suites[key].runner.run(suites[key].items[:1], REPO / path)
        print(json.dumps({"fingerprint": run.fingerprint}), flush=True)


if __name__ == "__main__":
    main()
