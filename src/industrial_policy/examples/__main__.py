"""``python -m industrial_policy.examples``: rewrite ``combined.toml`` from the other examples."""

import sys
from importlib import resources

from industrial_policy.examples import combined_document

target = resources.files("industrial_policy.examples").joinpath("combined.toml")
with resources.as_file(target) as path:
    path.write_text(combined_document(), encoding="utf-8")
sys.stdout.write(f"wrote {target}\n")
