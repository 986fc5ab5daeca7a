"""``python -m industrial_policy.io``: rewrite the shipped JSON Schema from the classes."""

import sys
from importlib import resources

from industrial_policy.io.schema import render

target = resources.files("industrial_policy.io").joinpath("dataset.schema.json")
with resources.as_file(target) as path:
    path.write_text(render(), encoding="utf-8")
sys.stdout.write(f"wrote {target}\n")
