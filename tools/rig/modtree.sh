#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modtree.sh DIR: makes DIR a tree of links to the module's sources (Kbuild,
# armvcpu/, include/), where Kbuild builds the module for one kernel. Kbuild
# writes its objects beside the sources of an external module, so each kernel
# needs a tree of its own; links keep them all on the one source. Objects
# already in DIR stay; links to files that are gone are removed.
set -euo pipefail

dir=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
cp -rsf "$top/Kbuild" "$top/armvcpu" "$top/include" "$dir/"
find "$dir" -xtype l -delete
