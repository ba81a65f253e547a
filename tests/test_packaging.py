"""A real install works: the wheel carries its prompts, pages, htmx, agendas, eval suites
and model files, and runs from a directory that is not the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

# What the wheel is built from: the tracked sources and the vendored htmx files.
SOURCES = [
    "pyproject.toml",
    "README.md",
    "service",
    "prompts",
    "web/templates",
    "web/static",
    "web/__init__.py",
    "evals/__init__.py",
]
VENDOR = ["htmx.org/dist/htmx.min.js", "htmx-ext-sse/dist/sse.min.js"]
MAPPED = {"service.prompts": "prompts", "service.web": "web", "service.suites": "evals"}
DOCS = {
    "stockholm.md": "---\ntitle: Stockholm talks\ndate: 2014-05-29\n---\n\nJapan and the DPRK "
    "met in Stockholm on 26-28 May 2014. The DPRK agreed to set up a Special Investigation "
    "Committee.\n",
    "fisheries.md": "---\ntitle: Fisheries\ndate: 2017-12-01\n---\n\nJapan's Fisheries "
    "Agency warned 5,191 DPRK fishing boats at the Yamato Bank in 2017.\n",
}
# Runs in the installed copy: the package must come from the target dir, not the checkout.
PROBE = """
import json, sys
from pathlib import Path
import service
from fastapi.testclient import TestClient
from service.http.app import create_app
assert Path(service.__file__).is_relative_to(sys.argv[1]), service.__file__
with TestClient(create_app()) as client:
    pages = {p: client.get(p).status_code for p in
             ("/static/vendor/htmx/htmx.min.js", "/static/vendor/htmx-ext-sse/sse.min.js",
              "/static/app.css", "/ask", "/evals", "/drafts")}
print(json.dumps(pages))
"""


def _listed_packages() -> set[str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(pyproject["tool"]["setuptools"]["packages"])


def test_every_package_is_listed_for_the_wheel() -> None:
    on_disk = {
        ".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "service").rglob("__init__.py")
    }
    assert _listed_packages() == on_disk | set(MAPPED)


def _build_wheel(tmp: Path) -> Path:
    src = tmp / "src"
    for name in SOURCES:
        origin, target = REPO / name, src / name
        if origin.is_dir():
            # The ONNX graphs are built by `make install`, not shipped: 230 MB to copy.
            skip = shutil.ignore_patterns("__pycache__", "onnx_models")
            shutil.copytree(origin, target, ignore=skip)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)
    for suite in (REPO / "evals").glob("*.yaml"):
        shutil.copy2(suite, src / "evals" / suite.name)
    for vendored in VENDOR:
        target = src / "web" / "node_modules" / vendored
        target.parent.mkdir(parents=True)
        shutil.copy2(REPO / "web" / "node_modules" / vendored, target)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp.glob("briefing_desk-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp)
    site = tmp / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "BRIEFING_DATA_DIR": str(cwd / "data"),
        "BRIEFING_LLM": "extractive",
        "BRIEFING_AUTH": "off",
    }
    env.pop("BRIEFING_AGENDAS_PATH", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_wheel_carries_its_data(installed: Path) -> None:
    package = installed / "service"
    for data in (
        "prompts/answer.txt",
        "prompts/options.yaml",
        "prompts/agendas.yaml",
        "web/templates/layout.html",
        "web/node_modules/htmx.org/dist/htmx.min.js",
        "suites/core.yaml",
        "answer/answerability.json",
        "verify/data/meaning_words.yaml",
        "verify/data/fact_words.yaml",
        "verify/data/framing_words.yaml",
        "answer/data/question_words.yaml",
        "migrations/env.py",
    ):
        assert (package / data).is_file(), data
    wheel_files = zipfile.ZipFile(next(installed.parent.glob("*.whl"))).namelist()
    assert not [name for name in wheel_files if name.startswith("training/")]


def test_an_installed_wheel_ingests_and_answers_outside_the_repo(
    installed: Path, tmp_path: Path
) -> None:
    for name, text in DOCS.items():
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    cli = "import sys; from service.cli.main import main; sys.argv[0] = 'briefing'; main()"
    ingest = _run(installed, tmp_path, "-c", cli, "ingest", "--quiet", "docs")
    assert ingest.returncode == 0, ingest.stderr
    asked = _run(
        installed,
        tmp_path,
        "-c",
        cli,
        "ask",
        "--json",
        "How many DPRK fishing boats did the Fisheries Agency warn in 2017?",
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "5,191" in answer["answer"]
    assert answer["citations"][0]["source"] == "docs/fisheries.md"
    pages = _run(installed, tmp_path, "-c", PROBE, str(installed))
    assert pages.returncode == 0, pages.stderr
    statuses = json.loads(pages.stdout.strip().splitlines()[-1])
    assert statuses == dict.fromkeys(statuses, 200)
