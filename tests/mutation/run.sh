#!/usr/bin/env bash
# Mutation testing of one package on a seeded random sample of its mutants (docs/testing.md).
#
#   tests/mutation/run.sh rules|tracking|services|records [SAMPLE=300] [SEED=2026]
#
# Works in a scratch copy (/tmp/mutation-PACKAGE) so the work tree stays clean, and prints the
# score of the sample at the end. Needs mutmut 3.8.1 in the environment that runs the tests.
set -euo pipefail
package=$1
sample=${2:-300}
seed=${3:-2026}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=/tmp/mutation-$package
rm -rf "$work" && mkdir -p "$work"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work"
cat >> "$work/pyproject.toml" <<TOML

[tool.mutmut]
source_paths = ["src/"]
also_copy = ["docs/", "README.md", "mkdocs.yml"]
only_mutate = ["src/industrial_policy/$package/*"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts=", "-q", "--doctest-glob=*.md"]
pytest_add_cli_args_test_selection = [
    "tests/", "docs/", "README.md",
    "--ignore=tests/fuzz", "--ignore=tests/test_cli.py", "--ignore=tests/test_plots.py",
    "--ignore=tests/test_rules_performance.py", "--ignore=tests/test_targets_performance.py",
]
TOML
cd "$work"
export PYTHONPATH=$work/tests/mutation PYTEST_PLUGINS=hypothesis_mutation_profile
export HYPOTHESIS_PROFILE=mutation
# A first run that matches no mutant generates them all and records which tests call what.
mutmut run --max-children 1 'no.mutant.has.this.name' > stats.log 2>&1 || true
python "$here/sample.py" "$sample" "$seed" > sample.txt
mutmut run --max-children 1 $(cat sample.txt) > run.log 2>&1 || true
python "$here/score.py" sample.txt
