#!/usr/bin/env bash
# Splits the messages still untranslated in po/zh-CN.po into the parts below, one file each
# for one translator: po/parts/NAME.po. The parts are of about equal size in English words,
# cut at page boundaries and in the book's order. A message used on several pages goes to the
# part of its first page only. Run once when handing out work (it refuses to overwrite parts);
# po/parts/README.md says how a part is filled and merged back (merge.sh).
#
#   book/po/parts/split.sh
set -euo pipefail
parts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
po_dir="$(dirname "$parts_dir")"
cd "$po_dir"

# name: the pages (sources in the catalog's references) of the part, in book order.
declare -A pages=(
  [part-1-ch02-ch04]="src/ch02/*.md src/ch03/*.md src/ch04/index.md src/ch04/loss.md src/ch04/numerical-differentiation.md"
  [part-2-ch04-ch06]="src/ch04/gradient.md src/ch04/two-layer-net.md src/ch04/classify2d.md src/ch04/exercises.md src/ch05/*.md src/ch06/index.md src/ch06/optimizers.md src/ch06/initial-weights.md"
  [part-3-ch06-ch07]="src/ch06/batch-norm.md src/ch06/regularisation.md src/ch06/trainer.md src/ch06/hyperparameters.md src/ch06/exercises.md src/ch07/*.md"
)
order=(part-1-ch02-ch04 part-2-ch04-ch06 part-3-ch06-ch07)

for name in "${order[@]}"; do
  if [ -e "parts/$name.po" ]; then
    echo "error: parts/$name.po exists; merge it back (parts/merge.sh) and remove it first" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
msgattrib --untranslated --no-obsolete --output-file="$tmp/left.po" zh-CN.po
for name in "${order[@]}"; do
  locations=()
  for page in ${pages[$name]}; do locations+=("--location=$page"); done
  msggrep "${locations[@]}" --output-file="$tmp/part.po" "$tmp/left.po"
  # What is left for the next parts: left − part. `msgcat --less-than=2` keeps the messages
  # defined once; those of the part are defined three times (msgcat reads a file named twice
  # only once, hence the copy).
  cp "$tmp/part.po" "$tmp/part-copy.po"
  msgcat --less-than=2 --output-file="$tmp/rest.po" "$tmp/left.po" "$tmp/part.po" "$tmp/part-copy.po"
  touch "$tmp/rest.po"
  mv "$tmp/rest.po" "$tmp/left.po"
  {
    echo "# Chinese translation of \"Deep Learning from Scratch, in Rust\": $name."
    echo "# Pages: ${pages[$name]}"
    echo "# Fill in every msgstr as po/TERMS.md says; po/parts/README.md says how to check and merge."
    msgcat "$tmp/part.po"
  } >"parts/$name.po"
  words="$(msgcat --no-wrap "parts/$name.po" | sed -n 's/^msgid "\(.*\)"$/\1/p; s/^"\(.*\)"$/\1/p' | sed 's/`[^`]*`/ /g' | grep -oE "[A-Za-z][A-Za-z'’-]*" | wc -l)"
  echo "parts/$name.po: $(($(grep -c '^msgid ' "parts/$name.po") - 1)) messages, $words English words"
done
n="$(grep -c '^msgid ' "$tmp/left.po" || true)"
left=$((n > 0 ? n - 1 : 0))
if [ "$left" -gt 0 ]; then
  echo "warning: $left untranslated messages are in no part (pages not listed above):" >&2
  msgcat --no-wrap "$tmp/left.po" | grep '^#: ' | sort | uniq -c >&2
fi
