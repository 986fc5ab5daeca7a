"""Every record class's typed ``__init__`` is the one its fields give (see signatures.py)."""

from __future__ import annotations

import ast
import inspect
from typing import Any

import attrs
import pytest
from tests.typing_examples.signatures import CLASSES, init_text, path_of, typed_init_block


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_the_typed_init_matches_the_fields(cls: type[Any]) -> None:
    block = typed_init_block(ast.parse(path_of(cls).read_text("utf-8")), cls)
    assert block is not None, (
        f"{cls.__name__} has no typed __init__: run tests/typing_examples/signatures.py"
    )
    written = next(n for n in block.body if isinstance(n, ast.FunctionDef))
    expected = ast.parse(init_text(cls)).body[0]
    assert ast.unparse(written) == ast.unparse(expected), (
        f"{cls.__name__}'s typed __init__ is stale: run python tests/typing_examples/signatures.py"
    )


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_at_run_time_the_init_is_the_one_attrs_generated(cls: type[Any]) -> None:
    init = cls.__init__
    assert init is cls.__attrs_init__
    names = [p for p in inspect.signature(init).parameters if p != "self"]
    assert names == [f.alias for f in attrs.fields(cls) if f.init]
