#!/usr/bin/env bash
# npm run bench: the benchmark needs what scripts/run.sh provides (Node 24, the dependencies) plus the pinned
# real n8n (installed once into the cache, see toolchain.sh) and GNU time (to read n8n's peak memory).
source "$(dirname "${BASH_SOURCE[0]}")/../toolchain.sh"
ensure_node24
ensure_deps
ensure_n8n
export PATH="$ZOOM_SMS_ROOT/node_modules/.bin:$PATH"
cd "$ZOOM_SMS_ROOT"
exec tsx scripts/bench.ts "$@"
