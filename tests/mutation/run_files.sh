#!/usr/bin/env bash
# Mutation testing of single modules on a seeded random sample of each one's mutants.
#
#   tests/mutation/run_files.sh NAME "FILES" "TESTS" [SAMPLE=40] [SEED=2026]
#
# NAME names the scratch copy (/tmp/mutation-NAME); FILES are paths under src/ to mutate
# (globs allowed, space separated); TESTS the test files and docs run against each mutant.
# SAMPLE mutants are drawn per module (sample.py --per-module), so each module's score
# has its own interval; with SAMPLE_BY=all in the environment SAMPLE mutants are drawn from all
# the FILES together, so the group has one score (tests/mutation/run_reliability.sh). Needs
# mutmut 3.8.1.
#
# The grammar modules (issue 17):
#   tests/mutation/run_files.sh grammar \
#     "src/industrial_policy/money.py src/industrial_policy/units.py src/industrial_policy/periods.py" \
#     "tests/test_money.py tests/test_units.py tests/test_periods.py tests/test_grammar.py" 40
set -euo pipefail
if ! command -v mutmut >/dev/null; then
    echo "mutmut is not on PATH: pip install mutmut==3.8.1 (in the environment that runs the tests)" >&2
    exit 2
fi
name=$1
files=$2
tests=$3
sample=${4:-40}
seed=${5:-2026}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=/tmp/mutation-$name
rm -rf "$work" && mkdir -p "$work"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work"
only=$(printf '"%s", ' $files)
selection=$(printf '"%s", ' $tests)
cat >> "$work/pyproject.toml" <<TOML

[tool.mutmut]
source_paths = ["src/"]
also_copy = ["docs/", "README.md", "mkdocs.yml"]
only_mutate = [${only%, }]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts=", "-q"]
pytest_add_cli_args_test_selection = [${selection%, }]
TOML
cd "$work"
export PYTHONPATH=$work/tests/mutation PYTEST_PLUGINS=hypothesis_mutation_profile
export HYPOTHESIS_PROFILE=mutation
mutmut run --max-children 1 'no.mutant.has.this.name' > stats.log 2>&1 || true
per_module=--per-module
[ "${SAMPLE_BY:-module}" = all ] && per_module=
python "$here/sample.py" "$sample" "$seed" $per_module > sample.txt
mutmut run --max-children 1 $(cat sample.txt) > run.log 2>&1 || true
python "$here/score.py" sample.txt $per_module
