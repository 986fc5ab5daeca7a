"""The tutorials (docs/tutorials) beyond their doctests.

The ``>>>`` examples of each page run as doctests (``--doctest-glob=*.md``).
What doctests cannot check is checked here: that every example dataset has
its tutorial, that the shell commands the pages show (in ``sh`` blocks, not
run by doctest) still parse and exit as the page says, and that every number
in the prose comes from a source file (the example datasets, the shipped rule
packs) or from the page's own checked code, never from nowhere.
"""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import industrial_policy as ip
from industrial_policy.cli import EXIT_INVALID, main

TUTORIALS = Path(__file__).resolve().parents[1] / "docs" / "tutorials"
PAGES = sorted(TUTORIALS.glob("*.md"))
PACKS = Path(ip.__file__).parent / "rules" / "packs"

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A figure as prose writes it: 3,676 / 90.33 / 13.6 / 2021 (a trailing "." ends a sentence).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text("utf-8")) if lang == language]


def prose(page: Path) -> str:
    return FENCE.sub("", page.read_text("utf-8"))


def numbers(text: str) -> set[str]:
    # Thousands separators are not part of the figure: "6418" in prose is "6418 ha" in a file.
    return {token.replace(",", "") for token in NUMBER.findall(text)}


def shell_commands() -> list[tuple[str, str]]:
    commands = []
    for page in PAGES:
        for body in blocks(page, "sh"):
            for line in body.splitlines():
                if line.startswith("industrial-policy"):
                    commands.append((page.name, line))
    return commands


def test_every_source_example_has_a_tutorial_listed_in_the_index() -> None:
    index = (TUTORIALS / "index.md").read_text("utf-8")
    for name in ip.examples.SOURCES:
        page = TUTORIALS / f"{name}.md"
        assert page.exists(), f"no tutorial for the example dataset {name!r}"
        assert f"]({name}.md)" in index, f"the tutorials' index does not link {name}.md"
        assert f'examples.load("{name}")' in page.read_text("utf-8"), (
            f"{page.name} does not load its own example"
        )


def test_the_examples_folder_command_prints_the_folder_of_the_examples() -> None:
    (line,) = [
        line
        for body in blocks(TUTORIALS / "index.md", "sh")
        for line in body.splitlines()
        if line.startswith("EXAMPLES=")
    ]
    code = re.search(r"python -c '([^']+)'", line)
    assert code, line
    result = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    folder = Path(result.stdout.strip())
    assert all((folder / f"{name}.toml").exists() for name in ip.examples.names())


@pytest.mark.parametrize(("page", "line"), shell_commands())
def test_shell_commands_run_and_exit_as_the_page_says(page: str, line: str) -> None:
    command, _, comment = line.partition("#")
    argv = shlex.split(command.replace("$EXAMPLES", str(ip.examples.path().parent)))[1:]
    try:
        code = main(argv, stdout=io.StringIO())
    except SystemExit as refused:  # argparse refuses an option by exiting
        code = refused.code
    assert code != EXIT_INVALID, f"{page}: {line!r} is refused by the command line"
    promised = re.search(r"exits with (\d)", comment)
    if promised:
        assert code == int(promised.group(1)), f"{page}: {line!r} exits with {code}"


# Figures the pages quote from their source article that no file holds, with the reason.
QUOTED_ONLY = {
    # The article gives these digital rates without their counts, so no dataset can hold them.
    "quang-nam-2024.md": {"90.81", "33.2", "91.86", "8.76", "76.8"},
}


def _known_numbers(page: Path) -> set[str]:
    sources = [path.read_text("utf-8") for path in ip.examples.path().parent.glob("*.toml")]
    sources += [path.read_text("utf-8") for path in PACKS.glob("*.toml")]
    code = blocks(page, "python") + blocks(page, "sh") + blocks(page, "toml")
    return numbers("\n".join(sources + code)) | QUOTED_ONLY.get(page.name, set())


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_number_in_the_prose_comes_from_a_source_or_the_code(page: Path) -> None:
    unexplained = numbers(prose(page)) - _known_numbers(page)
    assert not unexplained, (
        f"{page.name}: figures in the prose found in no example dataset, rule pack or checked"
        f" code block of the page: {sorted(unexplained)}"
    )


def test_the_number_check_catches_a_figure_from_nowhere() -> None:
    page = TUTORIALS / "quang-nam-2024.md"
    assert "3676" in _known_numbers(page)
    assert "3675" not in _known_numbers(page)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_toml_shown_in_a_page_is_the_toml_its_doctest_runs(page: Path) -> None:
    # A TOML block shows what to add to a copy of the file; the doctest below it runs that text.
    ran = "\n".join(
        re.sub(r"^(>>>|\.\.\.) ?", "", line)
        for body in blocks(page, "python")
        for line in body.splitlines()
    )
    for shown in blocks(page, "toml"):
        assert shown.strip() in ran, f"{page.name}: the TOML shown is not the TOML the code runs"
