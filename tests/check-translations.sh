#!/usr/bin/env bash
# Every translatable string in today's sources is in po/da.po, translated and not fuzzy; every po
# file passes msgfmt --check. Prints TAP.
set -u
src=${1:?source root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1

echo "1..3"
grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/files"
if xgettext --files-from="$tmp/files" --directory=. --from-code=UTF-8 \
     --add-comments=Translators --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dngettext:2,3 --output="$tmp/vejviser.pot" 2> "$tmp/xgettext.log"; then
  echo "ok 1 - a fresh template is extracted"
else
  echo "not ok 1 - xgettext failed"; sed 's/^/# /' "$tmp/xgettext.log"
fi

# Every file with translatable strings is listed in POTFILES.in
missing=$(grep -rlE '(\b_\(|\bN_\(|\bC_\(|g_dngettext|translatable="yes")' src data 2>/dev/null \
            | grep -E '\.(c|ui|in)$' | sort | while read -r f; do
                grep -qxF "$f" "$tmp/files" || echo "$f"; done)
if [ -z "$missing" ]; then
  echo "ok 2 - every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 2 - not in po/POTFILES.in: $missing"
fi

status=0
for po in po/*.po; do
  msgfmt --check -o /dev/null "$po" 2> "$tmp/check.log" || { status=1; sed 's/^/# /' "$tmp/check.log"; }
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/vejviser.pot" -o "$tmp/merged.po"
  stats=$(msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
  echo "# $po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      status=1
      msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep '^msgid' | head -20 | sed 's/^/# untranslated: /'
      msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep '^msgid' | head -20 | sed 's/^/# fuzzy: /'
      ;;
  esac
done
if [ $status -eq 0 ]; then
  echo "ok 3 - every po file is complete and valid"
else
  echo "not ok 3 - a po file is incomplete or invalid"
fi
