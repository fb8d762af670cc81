#!/usr/bin/env bash
# Merges the translations of every part (po/parts/*.po) into po/zh-CN.po, then runs the
# translation check (po/check.sh).
#
# Each part is first checked (msgfmt, po/lint.mjs). Then zh-CN.po is merged with the template
# (po/messages.pot) with the parts as compendia: a message still untranslated in zh-CN.po takes
# its translation from the part; a message zh-CN.po already translates keeps it. zh-CN.po keeps
# its header and the template's order. The parts stay where they are: a part whose messages are
# all translated is reported as done; remove it then (git rm), and the check stops counting its
# messages as pending.
#
#   book/po/parts/merge.sh
set -euo pipefail
parts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
po_dir="$(dirname "$parts_dir")"
cd "$po_dir"

parts=(parts/*.po)
if [ ! -e "${parts[0]}" ]; then
  echo "no parts in po/parts/: nothing to merge"
  exit 0
fi

compendia=()
for part in "${parts[@]}"; do
  msgfmt --check-format --output-file=/dev/null "$part"
  node lint.mjs "$part"
  compendia+=("--compendium=$part")
done
msgmerge --quiet --no-fuzzy-matching "${compendia[@]}" --update --backup=none zh-CN.po messages.pot

# What each part still lacks, as zh-CN.po has it now.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
msgattrib --untranslated --no-obsolete --output-file="$tmp/untranslated.po" zh-CN.po
touch "$tmp/untranslated.po"
for part in "${parts[@]}"; do
  total=$(($(grep -c '^msgid ' "$part") - 1))
  # Messages defined in both files (more than once) are the part's untranslated ones.
  left="$(msgcat --more-than=1 "$tmp/untranslated.po" "$part" | grep -c '^msgid ' || true)"
  left=$((left > 0 ? left - 1 : 0))
  if [ "$left" -eq 0 ]; then
    echo "$part: all $total messages translated: done (git rm $part)"
  else
    echo "$part: $left of $total messages still untranslated"
  fi
done
echo
"$po_dir/check.sh"
