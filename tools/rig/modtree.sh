#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modtree.sh DIR: makes DIR a tree of links to the module's sources (Kbuild,
# armvcpu/, include/), where Kbuild builds the module for one kernel. Kbuild
# writes its objects beside the sources of an external module, so each kernel
# needs a tree of its own; links keep them all on the one source. Only
# sources are linked: a link to an object or a .cmd file would let Kbuild
# write one kernel's build through it into the source tree, shared by every
# kernel's. Objects already in DIR stay; links that no longer point at a
# source are removed.
set -euo pipefail

dir=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
find "$dir" -type l -delete
(cd "$top" && find Kbuild armvcpu include -type f \
	\( -name Kbuild -o -name '*.[chS]' \) ! -name '*.mod.c') |
while read -r f; do
	mkdir -p "$dir/$(dirname "$f")"
	ln -s "$top/$f" "$dir/$f"
done
