"""A notebook executed headless, as in Jupyter: its outputs hold the tables and the images.

``tests/notebooks/report.ipynb`` evaluates an example, shows the report, a filtered report
and a finding (HTML tables), a quota chart and every figure of the report (images, with no
``%matplotlib`` magic; the figures drawn by ``report.plot``) and a frame. It is run in a fresh
kernel by nbclient.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).parent / "notebooks" / "report.ipynb"


@pytest.fixture(scope="module")
def outputs() -> list[list[dict[str, Any]]]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute()
    return [cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"]


def _data(cell: list[dict[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for output in cell:
        assert output["output_type"] != "error", output
        found.update(output.get("data", {}))
    return found


def test_the_notebook_runs_without_errors(outputs: list[list[dict[str, Any]]]) -> None:
    for cell in outputs:
        _data(cell)


def test_the_dataset_report_and_finding_display_as_html_tables(
    outputs: list[list[dict[str, Any]]],
) -> None:
    dataset, report, failing, finding = (_data(cell) for cell in outputs[:4])
    for data in (dataset, report, failing, finding):
        assert "<table" in data["text/html"]
    assert "vn-land.hi-tech-reserve/hd-kcn-a" in report["text/html"]
    assert "fail" in failing["text/html"]
    assert "15 ha" in finding["text/html"]


def test_a_figure_displays_as_an_image_without_magics(
    outputs: list[list[dict[str, Any]]],
) -> None:
    figure = _data(outputs[4])
    assert figure["image/png"]  # base64 text of a PNG
    assert "Figure size 800x" in figure["text/plain"]


def test_every_figure_of_the_report_displays(outputs: list[list[dict[str, Any]]]) -> None:
    figures = _data(outputs[5])
    html = figures["text/html"]
    assert html.count("<svg") >= 3
    assert "Land quotas by zone" in html


def test_the_frame_displays_as_a_table(outputs: list[list[dict[str, Any]]]) -> None:
    pytest.importorskip("pandas")
    frame = _data(outputs[6])
    assert "<table" in frame["text/html"]
