#!/bin/sh
# Builds strata-console from strata-console.c: static (the guest has no libc), with musl
# (Debian's musl-tools) for a small binary. The binary is committed, so that every way of
# building the guest image (apt or Debian's archive, docs/qemu.md) needs no C compiler;
# the source's SHA-256 recorded in it lets a unit test catch a source changed without a
# rebuild. Run it after changing strata-console.c.
set -eu
cd "$(dirname "$0")"
sum=$(sha256sum strata-console.c | cut -d' ' -f1)
musl-gcc -static -Os -s -Wall -Wextra -Werror -DSOURCE_SHA256="\"$sum\"" -o strata-console strata-console.c
echo "strata-console: $(wc -c <strata-console) bytes, source sha256 $sum"
