"""Papers that decide (issue 31): drafts each decision tasking of bench/taskings/decide.yaml
and prints what an analyst checks first.

Per paper: whether the BLUF's first sentence uses the decision's verb, names the tasking's
deadline and carries a citation, and whether it merely echoes the tasking (half its words
in a row, at least eight: a BLUF that restates the tasking fails, whatever words it holds;
a deadline or an option named in the tasking's words is not an echo);
how many options are named in the tasking's terms; the near-duplicate claim pairs in the
prose (``bench/repeats.py``'s paper metric) and how many of them are one claim used twice;
for an off-frame corpus, whether the paper says at the top that the corpus does not fit;
and the draft's CPU and wall seconds (the extractive backend, the settings' defaults).
Run it with ``OMP_NUM_THREADS=1`` on a shared machine: torch's idle threads otherwise spin
and count as CPU seconds (the summit paper: 58.5 CPU s with the default threads, 7.0 with
one, under the same load).

    .venv/bin/python bench/decide.py [--only summit,seoul-aid] [--show] [--save DIR]
    .venv/bin/python bench/decide.py --rescore DIR   # the saved papers, no drafting
    .venv/bin/python bench/decide.py --bearing [--write] [--model DIR]  # evidence on its place

``--bearing`` reads the labelled (place, sentence) pairs of ``bench/taskings/bearing.jsonl``
(``bench/bearing.py``): the threshold is picked on the tune half, tune and held-out are
reported, and ``--write`` sets ``BEARS`` in ``service/papers/bearing.py`` (rerun it after
new reading-model weights).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bearing import report as bearing_report
from bench.repeats import paper_claims, paper_near_duplicates
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.export import paper_to_markdown
from service.papers.paper import DraftRequest, Paper, render_sentence
from service.verify.reader import load_reading_model
from service.wiring import build_answerer, build_writer

REPO = Path(__file__).resolve().parent.parent
TASKINGS = REPO / "bench" / "taskings" / "decide.yaml"
DOES_NOT_FIT = re.compile(r"does not (fit|speak to|carry)", re.I)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated tasking ids")
    parser.add_argument("--show", action="store_true", help="print each BLUF and the pairs")
    parser.add_argument("--save", type=Path, help="write each paper's JSON here")
    parser.add_argument("--rescore", type=Path, help="score the papers saved here instead")
    parser.add_argument("--bearing", action="store_true", help="the labelled bearing pairs")
    parser.add_argument("--write", action="store_true", help="with --bearing: set BEARS")
    parser.add_argument("--model", type=Path, help="with --bearing: a reading model folder")
    args = parser.parse_args()
    if args.bearing:
        bearing_report(load_reading_model(args.model), args.write)
        return
    taskings = yaml.safe_load(TASKINGS.read_text(encoding="utf-8"))
    wanted = set(filter(None, args.only.split(",")))
    taskings = [t for t in taskings if not wanted or t["id"] in wanted]
    reader = load_reading_model()
    print(f"{'tasking':24} {'verb':>5} {'deadl':>5} {'cited':>5} {'echo':>5} {'terms':>6} "
          f"{'dups':>5} {'copy':>5} {'fits':>5} {'CPU s':>6} {'wall s':>6}")  # fmt: skip
    if args.rescore:
        embedder = LocalEmbeddings(Settings().resolved_embedding_model_path())
        for item in taskings:
            saved = args.rescore / f"{item['id']}.json"
            if saved.is_file():
                paper = Paper.model_validate_json(saved.read_text(encoding="utf-8"))
                _report(item, paper, embedder, reader, 0.0, 0.0, args.show)
        return
    writers: dict[str, object] = {}
    with contextlib.ExitStack() as stack:
        for item in taskings:
            corpus = item.get("corpus", "corpus")
            if corpus not in writers:
                writers[corpus] = _writer(stack, corpus)
            writer = writers[corpus]
            request = DraftRequest(tasking=item["tasking"], weights=item.get("weights") or {})
            started, cpu = time.perf_counter(), _cpu_seconds()
            paper = writer.draft(request)  # type: ignore[attr-defined]
            wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{item['id']}.json").write_text(paper.model_dump_json(indent=1))
            _report(item, paper, writer.answerer.index.embedder, reader, cpu, wall, args.show)  # type: ignore[attr-defined]


def _writer(stack: contextlib.ExitStack, corpus: str) -> object:
    """A writer over a fresh index of ``corpus`` (default settings, temporary data dir)."""
    tmp = stack.enter_context(tempfile.TemporaryDirectory())
    settings = Settings(data_dir=Path(tmp))
    index = Index.open(settings)
    with contextlib.chdir(REPO):
        assert ingest_paths(index, [Path(corpus)]).ok
    writer = build_writer(build_answerer(index, settings), settings)
    writer.draft(DraftRequest(tasking="warm up", options=2, length="short"))
    return writer


def _report(item, paper: Paper, embedder, reader, cpu: float, wall: float, show: bool) -> None:  # type: ignore[no-untyped-def]
    first = paper.bluf.sentences[0] if paper.bluf.sentences else None
    text = render_sentence(first) if first else ""  # as the reader sees it
    verb = any(re.search(rf"\b{re.escape(v)}\w*\b", text, re.I) for v in item["verbs"])
    deadline = item["deadline"].lower() in text.lower()
    cited = bool(first and first.citations)
    echo = _echoes(text, item["tasking"])
    named = [o.name for o in paper.options]
    in_terms = sum(any(t.lower() in n.lower() for t in item["terms"]) for n in named)
    pairs = paper_near_duplicates(paper_claims(paper), embedder, reader)
    copies = sum(a == b for a, b in pairs)  # the same claim twice (a borrowed con or risk)
    top = paper_to_markdown(paper).split("\n## ", 2)
    head = "\n".join(top[:2])  # title, any notice, and the BLUF
    fits = "no" if DOES_NOT_FIT.search(head) else "yes"
    print(f"{item['id']:24} {_yn(verb):>5} {_yn(deadline):>5} {_yn(cited):>5} {_yn(echo):>5} "
          f"{in_terms:>3}/{len(named):<2} {len(pairs):5d} {copies:5d} {fits:>5} {cpu:6.1f} "
          f"{wall:6.1f}",
          flush=True)  # fmt: skip
    if show:
        print(f"   BLUF: {paper.bluf.text[:400]}")
        print(f"   options: {' | '.join(named)}")
        for a, b in pairs:
            print(f"   dup: {a[:100]}\n        {b[:100]}")


def _echoes(sentence: str, tasking: str) -> bool:
    """Whether ``sentence`` repeats half the tasking's words (at least eight) in a row."""
    words = re.findall(r"[\w']+", tasking.lower())
    run = max(8, len(words) // 2)
    said = " " + " ".join(re.findall(r"[\w']+", sentence.lower())) + " "
    return any(f" {' '.join(words[i : i + run])} " in said for i in range(len(words) - run + 1))


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
