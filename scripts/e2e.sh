#!/usr/bin/env bash
# The suites and the demo that run this package inside a real n8n. They need what scripts/run.sh provides
# (Node 24, the dependencies) plus the pinned n8n (installed once into the cache, see toolchain.sh).
#
#   bash scripts/e2e.sh e2e [jest args]       end-to-end suite (npm run e2e)
#   bash scripts/e2e.sh browser [jest args]   the editor in Chromium (npm run test:browser)
#   bash scripts/e2e.sh demo [flags]          the demo (npm run demo)
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
ensure_node24
ensure_deps
ensure_n8n
export PATH="$ZOOM_SMS_ROOT/node_modules/.bin:$PATH"
cd "$ZOOM_SMS_ROOT"

case "${1:-}" in
e2e)
	shift
	exec jest -c jest.e2e.config.js --runInBand "$@"
	;;
browser)
	shift
	exec jest -c jest.browser.config.js --runInBand "$@"
	;;
demo)
	shift
	exec tsx scripts/demo.ts "$@"
	;;
*)
	echo "usage: bash scripts/e2e.sh e2e|browser|demo [args]" >&2
	exit 2
	;;
esac
