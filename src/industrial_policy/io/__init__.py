"""The dataset file: one TOML or JSON document, one schema.

>>> import industrial_policy as ip
>>> ds = ip.load(ip.examples.path("quang-nam-2024"))   # doctest: +SKIP
>>> ip.dump(ds, "copy.json")                            # doctest: +SKIP

The format is described in ``docs/dataset-format.md`` and by the JSON Schema
returned by :func:`schema` (shipped as ``dataset.schema.json``).
"""

from industrial_policy.io.files import (
    FORMAT_ID,
    dump,
    dumps,
    load,
    loads,
    read_document,
)
from industrial_policy.io.schema import schema

__all__ = ["FORMAT_ID", "dump", "dumps", "load", "loads", "read_document", "schema"]
