"""The sentence splitter on whole corpora: how many of the sentences it yields (every
candidate an answer or a quote may use) are fragments or carry a dateline, judged by
``service.evals.quotable`` against the document they come from; with ``--against
FILE``, the same for another version of ``service/text/sentences.py`` (the one before a
change, e.g. from ``git show fd579aa:service/text/sentences.py``) and how many
sentences the two split differently. No models: seconds.

    .venv/bin/python bench/splitter.py evals/news/corpus corpus evals/squad/corpus \\
        --against /tmp/sentences_before.py
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.corpus.load import load_document
from service.evals.quotable import has_dateline, is_fragment
from service.text.sentences import sentence_spans

Splitter = Callable[[str], list[tuple[int, int]]]


def _splitter(path: Path) -> Splitter:
    spec = importlib.util.spec_from_file_location("sentences_other", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.sentence_spans  # type: ignore[no-any-return]


def rates(texts: list[str], split: Splitter) -> dict[str, float]:
    """Sentences, and the share that are fragments or hold a dateline or byline."""
    total = fragments = datelines = 0
    for text in texts:
        for start, end in split(text):
            sentence = text[start:end]
            total += 1
            fragments += is_fragment(sentence, text, start)
            datelines += has_dateline(sentence)
    return {"sentences": total, "fragment": round(fragments / total, 4),
            "dateline": round(datelines / total, 4)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--against", type=Path, help="another sentences.py to compare with")
    args = parser.parse_args()
    other = _splitter(args.against) if args.against else None
    for folder in args.folders:
        paths = sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".txt"})
        texts = [load_document(p, str(p), 10**8).text for p in paths]
        print(folder, "now", rates(texts, sentence_spans))
        if other is not None:
            changed = sum(len(set(sentence_spans(t)) ^ set(other(t))) for t in texts)
            print(folder, "against", rates(texts, other), "spans differing", changed)


if __name__ == "__main__":
    main()
