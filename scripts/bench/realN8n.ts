/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions --
   benchmark tooling, never shipped: it runs the pinned n8n's CLI and reads what it printed. */
/**
 * The n8n the benchmark measures: the pinned real n8n (scripts/toolchain.sh), with this package installed
 * from its packed tarball the way users get it (test/e2e/n8nHarness.ts), its credential stored (and
 * decrypted for every request) in n8n's database. Each measured run is one `n8n execute --id`:
 *
 * - time: the sending nodes' `executionTime` from the run data n8n prints, so n8n's start-up (several
 *   seconds) is not counted;
 * - peak memory and CPU time: the execute process's maximum resident set size and user + system time,
 *   from GNU time;
 * - per-request times: a preloaded listener on Node's `http.client.*` diagnostics channels (the same
 *   measurement as the raw loop's, see requestTimer.ts) writes each SMS request's duration to a file. It
 *   only listens: nothing in n8n is patched.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CREDENTIAL_TYPE, N8nInstance, n8nBinary, type N8nCredential, type N8nWorkflow } from '../../test/e2e/n8nHarness';
import { freePort, runCommand } from '../../test/e2e/processes';
import { DEFAULT_CREDENTIALS } from '../../test/simulator/zoomSimulator';

export const CREDENTIAL = { id: 'zoomSmsBenchCred1', name: 'Zoom SMS (simulator)' };

const TIME_BINARY = '/usr/bin/time';

const PRELOAD = `// Written by scripts/bench/realN8n.ts: times SMS send requests through Node's diagnostics channels.
const channels = require('node:diagnostics_channel');
const { appendFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const file = process.env.ZOOM_SMS_BENCH_TIMINGS;
if (file) {
	const started = new WeakMap();
	const durations = [];
	channels.subscribe('http.client.request.start', ({ request }) => {
		if (request.method === 'POST' && request.path.startsWith('/v2/phone/sms/messages')) started.set(request, performance.now());
	});
	channels.subscribe('http.client.response.finish', ({ request }) => {
		const at = started.get(request);
		if (at === undefined) return;
		durations.push(performance.now() - at);
		started.delete(request);
	});
	const flush = () => {
		if (durations.length) appendFileSync(file, durations.splice(0).map((ms) => ms.toFixed(3)).join('\\n') + '\\n');
	};
	setInterval(flush, 250).unref();
	process.on('exit', flush);
}
`;

type RunData = Record<string, Array<{ executionTime: number; startTime: number; data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>>;

export interface ExecutedRun {
	runData: RunData;
	status?: string;
	/** The run's error, when it failed. */
	error?: string;
	peakRssBytes: number;
	/** CPU time of the whole `n8n execute` process (user + system), start-up included. */
	cpuMs: number;
	requestMs: number[];
}

/** The run JSON `n8n execute --rawOutput` prints between a line `{` and a line `}`, among log lines. */
function parseRun(stdout: string): { status?: string; data: { resultData: { runData: RunData; error?: { message: string } } } } | undefined {
	const start = stdout.search(/^\{\s*$/m);
	if (start < 0) return undefined;
	const end = stdout.lastIndexOf('\n}');
	if (end < start) return undefined;
	try {
		return JSON.parse(stdout.slice(start, end + 2)) as ReturnType<typeof parseRun>;
	} catch {
		return undefined;
	}
}

/**
 * Runs a command with its output going to files, not pipes: `n8n execute` exits right after printing the
 * run, and a pipe would lose the end of a large run's JSON; writes to a file are synchronous. The command
 * runs in a process group of its own, killed as a whole on timeout or when this process exits.
 */
async function runToFiles(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; outFile: string; errFile: string; timeoutMs: number }) {
	const out = openSync(options.outFile, 'w');
	const err = openSync(options.errFile, 'w');
	const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', out, err], detached: true });
	closeSync(out);
	closeSync(err);
	const killGroup = () => {
		try {
			if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	};
	process.once('exit', killGroup);
	const timer = setTimeout(killGroup, options.timeoutMs);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (exitCode) => resolve(exitCode));
		});
		return { code, stdout: readFileSync(options.outFile, 'utf8'), stderr: readFileSync(options.errFile, 'utf8') };
	} finally {
		clearTimeout(timer);
		process.off('exit', killGroup);
		rmSync(options.outFile, { force: true });
		rmSync(options.errFile, { force: true });
	}
}

/** The benchmark-only node of ./bare-node: what any n8n node costs for the same sends. */
export const BARE_NODE_PACKAGE = 'n8n-nodes-bench-bare-node';
export const BARE_NODE_TYPE = `${BARE_NODE_PACKAGE}.bareNode`;

async function packBareNode(outDir: string): Promise<string> {
	const packed = await runCommand('npm pack (bare node)', 'npm', ['pack', '--json', '--pack-destination', outDir], { cwd: join(__dirname, 'bare-node'), timeoutMs: 60_000 });
	if (packed.code !== 0) throw new Error(`npm pack of the bare node failed:\n${packed.stdout}\n${packed.stderr}`);
	const [result] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
	return join(outDir, result.filename);
}

export class RealN8n {
	/** An interrupted run (Ctrl-C) still removes its n8n user folder. */
	private readonly removeFolder = () => rmSync(this.instance.userFolder, { recursive: true, force: true });

	private constructor(
		readonly instance: N8nInstance,
		private readonly simUrl: string,
		private readonly preload: string,
	) {
		process.once('exit', this.removeFolder);
	}

	/** A fresh n8n user folder with the package installed and a Zoom SMS API credential for the simulator. */
	static async create(simUrl: string): Promise<RealN8n> {
		if (!existsSync(TIME_BINARY)) throw new Error(`${TIME_BINARY} (GNU time) is needed to measure n8n's memory: apt-get install time`);
		n8nBinary();
		const instance = await N8nInstance.create();
		try {
			await instance.installPackage(await packBareNode(instance.userFolder), BARE_NODE_PACKAGE);
			const preload = join(instance.userFolder, 'bench-request-timer.cjs');
			writeFileSync(preload, PRELOAD);
			const bench = new RealN8n(instance, simUrl, preload);
			await bench.resetCredential();
			return bench;
		} catch (error) {
			await instance.stop();
			throw error;
		}
	}

	/** (Re-)imports the credential; this also clears the access token n8n stored, so the next run asks for one. */
	async resetCredential(): Promise<void> {
		const credential: N8nCredential = {
			...CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { environment: 'custom', oauthBaseUrl: this.simUrl, apiBaseUrl: `${this.simUrl}/v2`, ...DEFAULT_CREDENTIALS },
		};
		await this.instance.importCredentials([credential]);
	}

	async importWorkflows(workflows: N8nWorkflow[]): Promise<void> {
		await this.instance.importWorkflows(workflows);
	}

	/** `n8n execute --id=<id> --rawOutput`, measured. */
	async execute(id: string): Promise<ExecutedRun> {
		const stamp = `${id}-${Date.now()}`;
		const timings = join(this.instance.userFolder, `timings-${stamp}.txt`);
		const env = this.instance.env({
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// ZOOM_SMS_BENCH_CPU_PROF=<folder>: each `n8n execute` also writes a V8 CPU profile there (open it in Chrome's DevTools).
			NODE_OPTIONS: `--require ${this.preload}${process.env.ZOOM_SMS_BENCH_CPU_PROF ? ` --cpu-prof --cpu-prof-dir=${process.env.ZOOM_SMS_BENCH_CPU_PROF}` : ''}`,
			ZOOM_SMS_BENCH_TIMINGS: timings,
		});
		const result = await runToFiles(TIME_BINARY, ['-f', 'ZOOM_SMS_BENCH_MAX_RSS_KB=%M ZOOM_SMS_BENCH_CPU_S=%U+%S', process.execPath, n8nBinary(), 'execute', `--id=${id}`, '--rawOutput'], {
			env,
			cwd: this.instance.userFolder,
			outFile: join(this.instance.userFolder, `stdout-${stamp}.txt`),
			errFile: join(this.instance.userFolder, `stderr-${stamp}.txt`),
			timeoutMs: 600_000,
		});
		const run = parseRun(result.stdout);
		const rssKb = Number(/ZOOM_SMS_BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
		const cpu = /ZOOM_SMS_BENCH_CPU_S=([\d.]+)\+([\d.]+)/.exec(result.stderr);
		const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
		const requestMs = existsSync(timings)
			? readFileSync(timings, 'utf8')
					.split('\n')
					.filter(Boolean)
					.map(Number)
			: [];
		rmSync(timings, { force: true });
		if (!run) throw new Error(`n8n execute ${id} printed no run data (exit ${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
		return { runData: run.data.resultData.runData, status: run.status, error: run.data.resultData.error?.message, peakRssBytes: rssKb * 1024, cpuMs, requestMs };
	}

	async stop(): Promise<void> {
		process.off('exit', this.removeFolder);
		await this.instance.stop();
	}
}
