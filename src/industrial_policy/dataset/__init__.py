"""The dataset: every record of a study in one immutable, checked container.

* :class:`Dataset` (``container``): the records, lookups by id and by zone,
  and the numpy columns the engines run on, built once and kept;
* ``integrity``: the checks run when a dataset is built;
* ``settings``: :class:`EvaluationSettings`, the dataset's own choices for
  its evaluation;
* ``columns`` and ``target_columns``: the records as numpy columns in
  canonical units (:class:`~industrial_policy.dataset.columns.DatasetColumns`,
  :class:`~industrial_policy.dataset.target_columns.TargetColumns`).

The dataset knows the record kinds (:mod:`industrial_policy.records`) and
never an engine.
"""

from industrial_policy.dataset.container import Dataset
from industrial_policy.dataset.settings import EvaluationSettings

__all__ = ["Dataset", "EvaluationSettings"]
