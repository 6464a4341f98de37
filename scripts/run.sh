#!/usr/bin/env bash
# Runs a project command with Node 24 and the project's dependencies in place (see toolchain.sh).
# `npm run <script>` calls this, so a fresh clone needs no manual set-up step.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
ensure_node24
ensure_deps
export PATH="$ZOOM_SMS_ROOT/node_modules/.bin:$PATH"
cd "$ZOOM_SMS_ROOT"

case "${1:-}" in
test)
	shift
	n8n-node lint
	gulp build
	# n8n's own community-package scanner on the source and on the packed tarball (scripts/verify.mjs).
	node scripts/verify.mjs
	jest "$@"
	# The package installed from its tarball into a real n8n, then n8n's editor in Chromium.
	bash scripts/e2e.sh e2e
	bash scripts/e2e.sh browser
	# The same package in n8n's queue mode: main and two workers, Redis, PostgreSQL (about 2-3 minutes).
	bash scripts/queue-mode.sh
	;;
*)
	exec "$@"
	;;
esac
