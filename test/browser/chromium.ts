/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions --
   test tooling, never shipped: it checks for Debian's Chromium and installs it with apt when it may. */
/**
 * The browser test drives Debian's Chromium (never a browser playwright downloads: this machine reaches
 * only the npm registry and Debian's archive). When it is missing, it is installed with apt if this process
 * runs as root; otherwise the test stops with a message that says what to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium that never phones home (the machine has no network but the registries). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

function run(command: string, args: string[]): { ok: boolean; output: string } {
	const result = spawnSync(command, args, {
		encoding: 'utf8',
		timeout: 15 * 60_000,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** Makes sure /usr/bin/chromium exists; throws an explanation when it cannot. */
export function ensureChromium(): string {
	if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
	const why = `The browser test needs Debian's Chromium at ${CHROMIUM_PATH}, and it is not installed.`;
	if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
		throw new Error(`${why} This machine has no apt-get to install it with: install Chromium so that ${CHROMIUM_PATH} exists (on Debian: apt-get install -y chromium).`);
	}
	if (process.getuid?.() !== 0) {
		throw new Error(`${why} Installing it needs root: run \`sudo apt-get update && sudo apt-get install -y chromium\`, then run the test again.`);
	}
	process.stderr.write(`[browser] ${CHROMIUM_PATH} is missing: installing Debian's chromium with apt-get (1–2 minutes)…\n`);
	const update = run('apt-get', ['update']);
	const install = update.ok ? run('apt-get', ['install', '-y', 'chromium']) : update;
	if (!install.ok || !existsSync(CHROMIUM_PATH)) {
		throw new Error(`${why} \`apt-get ${update.ok ? 'install -y chromium' : 'update'}\` failed:\n${install.output.slice(-2000)}`);
	}
	return CHROMIUM_PATH;
}
