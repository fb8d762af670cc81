#!/usr/bin/env bash
# Proves, for every exercise of every chapter, both directions:
#   - on the shipped code (src/exercises/todo.rs), every exercise test FAILS;
#   - with the reference solutions (the crate's `solutions` feature), every one PASSES.
# Fails, naming the exercise and the test, when a test passes unsolved or fails solved, when a
# test ran in only one of the two runs, or when a chapter with src/exercises/ has no exercise
# test. Prints a summary per chapter.
#
#   .ci/exercises.sh            # from the repository root (or anywhere inside it)
#
# Three cargo invocations, each over the whole workspace so that `common` and the other
# dependencies keep the features of `cargo test --workspace` and are not rebuilt: one lists
# the exercise tests, one runs them on the unsolved code (reusing the test binaries that
# `cargo test --workspace` built), one runs them with every chapter's `solutions` feature
# (which rebuilds only the chapter libraries' test binaries). `--lib`: the exercise tests live
# in src/exercises/mod.rs. Tests that need MNIST find it with `common::data::mnist_for_tests`
# (MNIST_DIR, then the cache); without it they fail in both runs, and this script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

chapters=()
for dir in ch0*/; do
  if [ -d "${dir}src/exercises" ]; then chapters+=("${dir%/}"); fi
done
if [ ${#chapters[@]} -eq 0 ]; then
  echo "error: no chapter has src/exercises/" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Keeps, from cargo test's output, the lines "<crate> <test> <result>" of the exercise tests:
# the crate comes from the "Running unittests src/lib.rs (…/deps/<crate>-<hash>)" line
# before them; the result is "ok", "FAILED" or, for --list, "listed".
results() {
  awk '
    /^ *Running unittests src\/lib.rs/ {
      crate = $0
      sub(/.*\/deps\//, "", crate)
      sub(/-[0-9a-f]+\)$/, "", crate)
      next
    }
    /^ *Running / { crate = ""; next }
    crate != "" && /^exercises::.*: test$/ { name = $1; sub(/:$/, "", name); print crate, name, "listed"; next }
    crate != "" && /^test exercises::.* \.\.\. (ok|FAILED)$/ { print crate, $2, $NF }
  ' "$1"
}

# The exercise a test checks, from its name: ex7_2_… is "exercise 7.2".
exercise_of() {
  local name="${1##*::}"
  if [[ "$name" =~ ^ex([0-9]+)_([0-9]+)_ ]]; then
    echo "exercise ${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
  else
    echo "exercise ? (the test name does not start with exN_M_)"
  fi
}

echo "== the exercise tests (cargo test --workspace --lib -- --ignored --list exercises::)"
cargo test --workspace --lib -- --ignored --list exercises:: >"$tmp/list.log" 2>&1 || {
  cat "$tmp/list.log" >&2
  echo "error: listing the exercise tests failed" >&2
  exit 1
}
results "$tmp/list.log" >"$tmp/list"

echo "== unsolved: every exercise test must fail (cargo test --workspace --lib --no-fail-fast -- --ignored exercises::)"
# Expected to fail: its exit status says nothing, the results below do. A build error leaves
# no results and is caught there.
cargo test --workspace --lib --no-fail-fast -- --ignored exercises:: >"$tmp/unsolved.log" 2>&1 || true
results "$tmp/unsolved.log" >"$tmp/unsolved"

features="$(printf '%s/solutions,' "${chapters[@]}")"
echo "== solved: every exercise test must pass (cargo test --workspace --lib --features ${features%,} -- --ignored exercises::)"
solved_status=0
cargo test --workspace --lib --no-fail-fast --features "${features%,}" -- --ignored exercises:: \
  >"$tmp/solved.log" 2>&1 || solved_status=$?
results "$tmp/solved.log" >"$tmp/solved"

problems=()
echo
echo "== per chapter"
for chapter in "${chapters[@]}"; do
  lib="${chapter//-/_}"
  mapfile -t tests < <(awk -v lib="$lib" '$1 == lib { print $2 }' "$tmp/list")
  if [ ${#tests[@]} -eq 0 ]; then
    problems+=("$chapter: src/exercises/ has no exercise test (#[ignore] tests named exN_M_… in src/exercises/mod.rs)")
    printf '%-18s no exercise tests\n' "$chapter"
    continue
  fi
  declare -A exercises=()
  bad=0
  for test in "${tests[@]}"; do
    exercise="$(exercise_of "$test")"
    exercises["$exercise"]=1
    unsolved="$(awk -v lib="$lib" -v t="$test" '$1 == lib && $2 == t { print $3 }' "$tmp/unsolved")"
    solved="$(awk -v lib="$lib" -v t="$test" '$1 == lib && $2 == t { print $3 }' "$tmp/solved")"
    case "$unsolved" in
      FAILED) ;;
      ok) problems+=("$chapter, $exercise: $test PASSES on the unsolved todo.rs"); bad=$((bad + 1)) ;;
      *) problems+=("$chapter, $exercise: $test did not run on the unsolved code"); bad=$((bad + 1)) ;;
    esac
    case "$solved" in
      ok) ;;
      FAILED) problems+=("$chapter, $exercise: $test FAILS with the reference solutions"); bad=$((bad + 1)) ;;
      *) problems+=("$chapter, $exercise: $test did not run with the reference solutions"); bad=$((bad + 1)) ;;
    esac
  done
  verdict="fail unsolved, pass solved"
  [ "$bad" -gt 0 ] && verdict="$bad problem(s)"
  printf '%-18s %d exercises, %2d tests: %s\n' "$chapter" "${#exercises[@]}" "${#tests[@]}" "$verdict"
  unset exercises
done

# Exercise tests that ran but were not listed, and runs that built nothing.
while read -r lib test result; do
  if ! grep -q "^$lib $test listed$" "$tmp/list"; then
    problems+=("$lib: $test ran ($result) but was not listed by --list")
  fi
done < <(cat "$tmp/unsolved" "$tmp/solved")
if [ ! -s "$tmp/solved" ] && [ "$solved_status" -ne 0 ]; then
  problems+=("the run with the reference solutions failed before any exercise test ran (see its output above)")
  tail -n 40 "$tmp/solved.log" >&2
fi
if [ ! -s "$tmp/unsolved" ]; then
  problems+=("the run on the unsolved code produced no test results (see its output above)")
  tail -n 40 "$tmp/unsolved.log" >&2
fi

if [ ${#problems[@]} -gt 0 ]; then
  echo
  echo "== exercise check FAILED" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  # The panic messages of the solved run's failures, for the reader of the CI log.
  if grep -q '^failures:' "$tmp/solved.log"; then
    echo >&2
    echo "== output of the failing tests with the reference solutions" >&2
    sed -n '/^failures:$/,/^test result:/p' "$tmp/solved.log" >&2
  fi
  exit 1
fi
echo
echo "exercise check passed: every exercise test fails on todo.rs and passes with solutions.rs"
