#!/usr/bin/env bash
# The package in n8n's queue mode (npm run test:queue): Redis, PostgreSQL, n8n main and two workers, started
# and stopped by test/queue/queueMode.queue.ts. Needs what scripts/run.sh provides (Node 24, the
# dependencies), the pinned n8n (toolchain.sh ensure_n8n) and Debian's redis-server and postgresql, which
# are installed here with apt when missing and this runs as root.
#
#   bash scripts/queue-mode.sh [jest args]
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

ensure_queue_services() {
	local missing=()
	[ -x /usr/bin/redis-server ] || missing+=(redis-server)
	[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
	if [ "${#missing[@]}" -eq 0 ]; then return 0; fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "The queue-mode test needs Debian's ${missing[*]} (missing). Install as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	toolchain_log "installing ${missing[*]} from Debian for the queue-mode test"
	apt-get update -qq
	# Only the binaries are used: the test runs its own throwaway servers on loopback.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_queue_services
ensure_node24
ensure_deps
ensure_n8n
export PATH="$ZOOM_SMS_ROOT/node_modules/.bin:$PATH"
cd "$ZOOM_SMS_ROOT"
exec jest -c test/queue/jest.config.js --runInBand "$@"
