#!/bin/sh
# Fails when a source file with translatable strings is missing from POTFILES.in.
# SPDX-License-Identifier: GPL-3.0-or-later
top=$1
cd "$top" || exit 1
missing=0
for f in $(grep -rlE '\b(N_|_)\(|g_dngettext|translatable="yes"' src | sort); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "po/POTFILES.in does not list $f, which has translatable strings" >&2
    missing=1
  fi
done
exit $missing
