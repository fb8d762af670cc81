# Sourced by each chapter's book/src/chNN/regenerate.sh: what they share.
#
#   chapter=ch07 crate=ch07-cnn
#   source book/capture.sh          # from the repository root
#   capture NAME CMD ARGS…          # CMD's standard output → book/src/$chapter/output/NAME.txt
#   capture_error NAME CMD ARGS…    # CMD must fail: its one-line error → …/output/NAME.txt
#   fold_lines NAME…                # folds those captures at spaces to 80 columns
#   publish FIGURE…                 # $crate/out/FIGURE → book/src/$chapter/figures/FIGURE
#
# The chapter binary is built once (release) and run as "$bin": the captured output is what a
# reader who types `cargo run -p $crate -- ARGS…` sees, and its figures land where the reader's
# would, in the chapter's git-ignored out/ folder. `publish` then copies the ones the book shows
# into the book: this script is the only thing that writes into book/src/.
# Every file is written to a temporary name first and renamed when complete, so an interrupted
# run never leaves a half capture behind.

: "${chapter:?set chapter=chNN before sourcing book/capture.sh}"
: "${crate:?set crate=chNN-name before sourcing book/capture.sh}"

out="book/src/$chapter/output"
figures="book/src/$chapter/figures"
mkdir -p "$out" "$figures"

cargo build --release -q -p "$crate"
# Run the binary just built (not `cargo run`, which would rebuild whenever a source changed).
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/$crate"

capture() {
  local name=$1
  shift
  "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}

capture_error() {
  local name=$1
  shift
  if "$@" >/dev/null 2>"$out/.$name.txt.partial"; then
    rm -f "$out/.$name.txt.partial"
    echo "error: '$*' was expected to fail" >&2
    exit 1
  fi
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}

# A one-line error is long: fold it at spaces to the width of a page's code column (80
# characters), as a terminal of that width would show it, so the book's block does not scroll.
fold_lines() {
  local name
  for name in "$@"; do
    fold -s -w 80 "$out/$name.txt" | sed 's/ *$//' >"$out/.$name.txt.partial"
    mv "$out/.$name.txt.partial" "$out/$name.txt"
  done
}

publish() {
  local name
  for name in "$@"; do
    cp "$crate/out/$name" "$figures/.$name.partial"
    mv "$figures/.$name.partial" "$figures/$name"
    echo "wrote $figures/$name"
  done
}
