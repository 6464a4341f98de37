/* eslint-disable @n8n/community-nodes/no-restricted-globals --
 * A standalone dev/test process: it has to read argv/env, write to stdout and poll with timers. */
/**
 * Runs the Zoom simulator as its own process, for the end-to-end suite (a real n8n talks to it), the
 * demo, `npm run send` and benchmarks.
 *
 *   tsx test/simulator/cli.ts [flags]
 *
 * The first stdout line is one JSON object with the URL and credentials, so a caller can start it,
 * read one line, and go. The process never outlives its caller: it exits on SIGTERM/SIGINT, when the
 * `--parent-pid` process is gone (checked every second), and after `--max-seconds` (default 3600).
 */
import { DEMO_DELIVERY_TIMELINE } from './deliveryTimeline';
import {
	startZoomSimulator,
	type AcceptedMessage,
	type ZoomSimulatorOptions,
} from './zoomSimulator';

interface FlagSpec {
	env: string;
	kind: 'string' | 'number' | 'boolean';
	help: string;
}

const FLAGS: Record<string, FlagSpec> = {
	host: {
		env: 'ZOOM_SIM_HOST',
		kind: 'string',
		help: 'Interface to listen on (default 127.0.0.1).',
	},
	port: { env: 'ZOOM_SIM_PORT', kind: 'number', help: 'Port (default 0 = any free port).' },
	'account-id': {
		env: 'ZOOM_SIM_ACCOUNT_ID',
		kind: 'string',
		help: 'Accepted account_id (default sim-account-id).',
	},
	'client-id': {
		env: 'ZOOM_SIM_CLIENT_ID',
		kind: 'string',
		help: 'Accepted client id (default sim-client-id).',
	},
	'client-secret': {
		env: 'ZOOM_SIM_CLIENT_SECRET',
		kind: 'string',
		help: 'Accepted client secret (default sim-client-secret).',
	},
	scopes: {
		env: 'ZOOM_SIM_SCOPES',
		kind: 'string',
		help: 'Granted scopes, space- or comma-separated.',
	},
	'token-ttl': {
		env: 'ZOOM_SIM_TOKEN_TTL',
		kind: 'number',
		help: 'Token lifetime in seconds (default 3600).',
	},
	'latency-ms': {
		env: 'ZOOM_SIM_LATENCY_MS',
		kind: 'number',
		help: 'Delay added to every response (default 0).',
	},
	'rate-limit': {
		env: 'ZOOM_SIM_RATE_LIMIT',
		kind: 'number',
		help: 'Max API requests per second, 429 beyond (default 0 = off).',
	},
	'daily-limit': {
		env: 'ZOOM_SIM_DAILY_LIMIT',
		kind: 'number',
		help: 'Max sends per UTC day (default 0 = off).',
	},
	'extra-numbers': {
		env: 'ZOOM_SIM_EXTRA_NUMBERS',
		kind: 'number',
		help: 'Seed this many extra SMS numbers.',
	},
	'extra-sessions': {
		env: 'ZOOM_SIM_EXTRA_SESSIONS',
		kind: 'number',
		help: 'Seed this many extra sessions.',
	},
	'extra-messages': {
		env: 'ZOOM_SIM_EXTRA_MESSAGES',
		kind: 'number',
		help: 'Seed extra messages in one session.',
	},
	'delivery-timeline': {
		env: 'ZOOM_SIM_DELIVERY_TIMELINE',
		kind: 'boolean',
		help: 'Statuses move: delivered after 3 s, numbers ending 0000 fail after 2 s, 9999 stay sent.',
	},
	'one-to-one-senders': {
		env: 'ZOOM_SIM_ONE_TO_ONE_SENDERS',
		kind: 'boolean',
		help: 'Seed a toll-free and a UK number (Sam Lee): Zoom texts their recipients one by one.',
	},
	'parent-pid': {
		env: 'ZOOM_SIM_PARENT_PID',
		kind: 'number',
		help: 'Exit when this process is gone.',
	},
	'max-seconds': {
		env: 'ZOOM_SIM_MAX_SECONDS',
		kind: 'number',
		help: 'Exit after this many seconds (default 3600).',
	},
	'print-messages': {
		env: 'ZOOM_SIM_PRINT_MESSAGES',
		kind: 'boolean',
		help: 'Print one JSON line per accepted SMS on stdout.',
	},
	verbose: { env: 'ZOOM_SIM_VERBOSE', kind: 'boolean', help: 'Log every request to stderr.' },
	help: { env: '', kind: 'boolean', help: 'Show this help.' },
};

type Parsed = Record<string, string | number | boolean>;

function fail(message: string): never {
	process.stderr.write(`zoom-sim: ${message}\n`);
	process.exit(2);
}

function convert(name: string, spec: FlagSpec, raw: string): string | number | boolean {
	if (spec.kind === 'string') return raw;
	if (spec.kind === 'boolean') return !['0', 'false', 'no', 'off', ''].includes(raw.toLowerCase());
	const n = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(n) || n < 0)
		fail(`--${name} needs a number >= 0, got "${raw}"`);
	return n;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Parsed {
	const out: Parsed = {};
	// Environment first, so explicit flags win.
	for (const [name, spec] of Object.entries(FLAGS)) {
		const raw = spec.env ? env[spec.env] : undefined;
		if (raw !== undefined && raw !== '') out[name] = convert(name, spec, raw);
	}
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) fail(`unexpected argument "${arg}" (see --help)`);
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq === -1 ? undefined : eq);
		const spec = FLAGS[name];
		if (!spec) fail(`unknown flag --${name} (see --help)`);
		let raw: string;
		if (eq !== -1) raw = arg.slice(eq + 1);
		else if (spec.kind === 'boolean') raw = 'true';
		else if (i + 1 < argv.length) raw = argv[++i];
		else fail(`--${name} needs a value`);
		out[name] = convert(name, spec, raw);
	}
	return out;
}

function usage(): string {
	const lines = [
		'Usage: tsx test/simulator/cli.ts [flags]',
		'',
		'Starts the Zoom OAuth + Phone SMS simulator and prints one JSON line:',
		'  {"url":"http://127.0.0.1:PORT","oauthTokenUrl":...,"apiBaseUrl":...,"accountId":...,"clientId":...,"clientSecret":...,"pid":...}',
		'',
		'Flags (environment variable in brackets):',
	];
	for (const [name, spec] of Object.entries(FLAGS)) {
		const value = spec.kind === 'boolean' ? '' : ' <value>';
		lines.push(`  --${name}${value}`.padEnd(30) + spec.help + (spec.env ? ` [${spec.env}]` : ''));
	}
	lines.push(
		'',
		'Control endpoints: GET /__sim/state, POST /__sim/reset, POST /__sim/faults, POST /__sim/config,',
	);
	lines.push(
		'POST /__sim/expire-tokens, POST /__sim/revoke-tokens, POST /__sim/inbound, GET /__sim/requests.',
	);
	return `${lines.join('\n')}\n`;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else, so it is alive.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2), process.env);
	if (args.help === true) {
		process.stdout.write(usage());
		return;
	}
	const str = (name: string) =>
		typeof args[name] === 'string' ? (args[name] as string) : undefined;
	const num = (name: string) =>
		typeof args[name] === 'number' ? (args[name] as number) : undefined;

	const options: ZoomSimulatorOptions = {
		host: str('host'),
		port: num('port'),
		accountId: str('account-id'),
		clientId: str('client-id'),
		clientSecret: str('client-secret'),
		scopes: str('scopes')
			?.split(/[\s,]+/)
			.filter(Boolean),
		tokenTtlSeconds: num('token-ttl'),
		latencyMs: num('latency-ms'),
		rateLimitPerSecond: num('rate-limit'),
		dailyLimit: num('daily-limit'),
		seed: {
			extraNumbers: num('extra-numbers'),
			extraSessions: num('extra-sessions'),
			extraMessages: num('extra-messages'),
			oneToOneSenders: args['one-to-one-senders'] === true,
		},
		// The timeline's 0000 rule replaces the default one that fails such numbers at once.
		...(args['delivery-timeline'] === true ? { deliveryStatusRules: [], deliveryTimeline: [...DEMO_DELIVERY_TIMELINE] } : {}),
		verbose: args.verbose === true,
	};
	if (args['print-messages'] === true) {
		options.onMessage = (m: AcceptedMessage) => {
			// The token and the raw body are noise for a demo watching messages go by.
			const line: Partial<AcceptedMessage> & { event: string } = { event: 'message', ...m };
			delete line.body;
			delete line.accessToken;
			process.stdout.write(`${JSON.stringify(line)}\n`);
		};
	}

	const sim = await startZoomSimulator(options);
	let exiting = false;
	const exit = (reason: string, code = 0) => {
		if (exiting) return;
		exiting = true;
		if (args.verbose === true) process.stderr.write(`zoom-sim: exiting (${reason})\n`);
		// Do not let a stuck socket keep us alive: stop() closes sockets, the timer is a backstop.
		setTimeout(() => process.exit(code), 2000).unref();
		void sim.stop().then(() => process.exit(code));
	};

	process.on('SIGTERM', () => exit('SIGTERM'));
	process.on('SIGINT', () => exit('SIGINT'));
	process.on('SIGHUP', () => exit('SIGHUP'));
	// A caller that reads our first line and then closes the pipe must not crash us with EPIPE mid-write.
	process.stdout.on('error', () => exit('stdout closed'));

	const maxSeconds = num('max-seconds') ?? 3600;
	if (maxSeconds > 0)
		setTimeout(() => exit(`--max-seconds ${maxSeconds}`), maxSeconds * 1000).unref();

	const parentPid = num('parent-pid');
	if (parentPid !== undefined && parentPid > 0) {
		if (!isAlive(parentPid)) exit(`parent ${parentPid} is not running`);
		setInterval(() => {
			if (!isAlive(parentPid)) exit(`parent ${parentPid} is gone`);
		}, 1000).unref();
	}

	const { accountId, clientId, clientSecret } = sim.credentials;
	process.stdout.write(
		`${JSON.stringify({
			url: sim.url,
			oauthTokenUrl: sim.oauthTokenUrl,
			apiBaseUrl: sim.apiBaseUrl,
			accountId,
			clientId,
			clientSecret,
			smsCapableNumbers: sim.state({ includeMessages: false }).smsCapableNumbers,
			pid: process.pid,
		})}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`zoom-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
