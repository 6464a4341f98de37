/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets --
   test tooling, never shipped: it packs the package, runs the pinned n8n's CLI and server, and talks to them;
   its fixed encryption key and owner password protect throw-away test instances only. */
/**
 * Runs this package inside a real n8n, the way users get it: `npm pack`, the tarball installed into
 * `<user folder>/.n8n/nodes`, then n8n's own CLI (`import:*`, `publish:workflow`, `execute`,
 * `export:credentials`) and server (`n8n start`, `n8n worker`) with their REST API.
 *
 *   const n8n = await N8nInstance.create();            // fresh user folder, package installed from the tarball
 *   await n8n.importCredentials([...]); await n8n.importWorkflows([...]); await n8n.publishWorkflow(id);
 *   const server = await n8n.start();                   // waits for "Editor is now accessible via"
 *   const rest = await server.ownerSession();           // owner set up and logged in
 *   ...
 *   await n8n.stop();                                   // every process it started, then the folder
 *
 * The pinned n8n comes from scripts/toolchain.sh `ensure_n8n` ($ZOOM_SMS_N8N_BIN); scripts/e2e.sh calls it.
 * Queue mode needs only options: `env` (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_*),
 * `migratedTemplate: false` for a non-SQLite database, and `startWorker()`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

import { freePort, runCommand, startProcess, type CommandResult, type ManagedProcess } from './processes';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-zoom-sms';
/** The node's type in workflows when n8n loads the package from `.n8n/nodes/node_modules`. */
export const NODE_TYPE = `${PACKAGE_NAME}.zoomSms`;
export const CREDENTIAL_TYPE = 'zoomSmsApi';
/** Fixed, so credentials imported or exported by one process decrypt in every other. */
export const ENCRYPTION_KEY = 'zoom-sms-e2e-fixed-encryption-key';

const READY_LINE = /Editor is now accessible via/;
const WORKER_READY_LINE = /n8n worker is now ready/;

// ---------------------------------------------------------------------------------------------------
// The pinned n8n and the package tarball
// ---------------------------------------------------------------------------------------------------

export function cacheDir(): string {
	return process.env.ZOOM_SMS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), PACKAGE_NAME);
}

/** The n8n version scripts/toolchain.sh pins. */
export function n8nVersion(): string {
	if (process.env.ZOOM_SMS_N8N_VERSION) return process.env.ZOOM_SMS_N8N_VERSION;
	const toolchain = readFileSync(join(REPO_ROOT, 'scripts', 'toolchain.sh'), 'utf8');
	const match = /ZOOM_SMS_N8N_VERSION="([^"]+)"/.exec(toolchain);
	if (!match) throw new Error('scripts/toolchain.sh does not pin ZOOM_SMS_N8N_VERSION');
	return match[1];
}

/** The n8n executable (a JS file run with this process's Node, which must be 24 or newer). */
export function n8nBinary(): string {
	const bin = process.env.ZOOM_SMS_N8N_BIN ?? join(cacheDir(), `n8n-${n8nVersion()}`, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(bin)) {
		throw new Error(
			`n8n ${n8nVersion()} is not installed (${bin} is missing). Run the end-to-end tests with \`npm run e2e\`: ` +
				'scripts/e2e.sh installs the pinned n8n on first use (scripts/toolchain.sh ensure_n8n).',
		);
	}
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) {
		throw new Error(`n8n ${n8nVersion()} needs Node.js 24 or newer, this is ${process.version}. Run through \`npm run e2e\` (scripts/run.sh provides Node 24).`);
	}
	return bin;
}

interface PackResult {
	filename: string;
	files: Array<{ path: string }>;
}

/**
 * Bundles the package (`gulp bundle`: the same esbuild step as `npm run build`, without the project-wide
 * type check) and packs it with `npm pack`. The tarball is what gets installed, so a file left out of
 * package.json `files` or a missing runtime dependency fails the tests that use it.
 */
export async function packPackage(options: { outDir?: string; bundle?: boolean } = {}): Promise<string> {
	const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'zoom-sms-pack-'));
	mkdirSync(outDir, { recursive: true });
	if (options.bundle !== false) {
		const gulp = join(REPO_ROOT, 'node_modules', 'gulp', 'bin', 'gulp.js');
		const built = await runCommand('gulp bundle', process.execPath, [gulp, 'bundle'], { cwd: REPO_ROOT, timeoutMs: 180_000 });
		if (built.code !== 0) throw new Error(`gulp bundle failed:\n${built.stdout}\n${built.stderr}`);
	}
	const packed = await runCommand('npm pack', 'npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		timeoutMs: 120_000,
		env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
	});
	if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
	const [result] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as PackResult[];
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const inTarball = new Set(result.files.map((file) => file.path));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((path) => !inTarball.has(path));
	if (missing.length > 0) throw new Error(`The packed tarball lacks ${missing.join(', ')} (listed in package.json "n8n").`);
	return join(outDir, result.filename);
}

/** Removes a tarball `packPackage()` made in a temp folder of its own (anything else is left alone). */
export function removePackedTarball(tarball: string): void {
	const dir = dirname(tarball);
	if (basename(dir).startsWith('zoom-sms-pack-')) rmSync(dir, { recursive: true, force: true });
}

/** One tarball per test run: the one jest's global setup packed ($ZOOM_SMS_E2E_TARBALL), or a fresh one. */
export async function packagedTarball(): Promise<string> {
	const given = process.env.ZOOM_SMS_E2E_TARBALL;
	if (given && existsSync(given)) return given;
	const tarball = await packPackage();
	process.env.ZOOM_SMS_E2E_TARBALL = tarball;
	return tarball;
}

// ---------------------------------------------------------------------------------------------------
// Environment and the migrated template folder
// ---------------------------------------------------------------------------------------------------

/** This process's environment without what jest sets: with NODE_ENV=test n8n's CLI prints nothing. */
function inheritedEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.NODE_ENV;
	for (const name of Object.keys(env)) if (name.startsWith('JEST_')) delete env[name];
	return env;
}

/** real-n8n.md §4: quiet, offline, loopback-only, SQLite, fixed encryption key. */
function baseEnv(userFolder: string): NodeJS.ProcessEnv {
	return {
		...inheritedEnv(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		// Its startup fetch of api.n8n.io fails offline and logs a stack trace; nothing here needs it.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// n8n's own CLI output must not be mistaken for ours, and colours would garble the parsed JSON.
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
}

/**
 * A user folder whose SQLite database has been migrated once (about 8 s of ~300 migrations), cached per
 * n8n version and copied for each instance.
 */
async function migratedTemplate(): Promise<string> {
	const key = createHash('sha256').update(`${n8nVersion()}|${ENCRYPTION_KEY}`).digest('hex').slice(0, 12);
	const dir = join(cacheDir(), 'e2e-templates', `n8n-${n8nVersion()}-${key}`);
	if (existsSync(join(dir, '.ready'))) return dir;
	mkdirSync(join(cacheDir(), 'e2e-templates'), { recursive: true });
	const partial = mkdtempSync(`${dir}.partial-`);
	try {
		const result = await runN8nCli(partial, ['list:workflow'], {});
		if (result.code !== 0 || !existsSync(join(partial, '.n8n', 'database.sqlite'))) {
			throw new Error(`Preparing an n8n database failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
		}
		writeFileSync(join(partial, '.ready'), new Date().toISOString());
		try {
			renameSync(partial, dir);
		} catch (error) {
			// Another run made it at the same time: use theirs.
			if (!existsSync(join(dir, '.ready'))) throw error;
		}
	} finally {
		rmSync(partial, { recursive: true, force: true });
	}
	return dir;
}

async function runN8nCli(userFolder: string, args: string[], extraEnv: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CommandResult> {
	const env = { ...baseEnv(userFolder), ...extraEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	return await runCommand(`n8n ${args[0]}`, process.execPath, [n8nBinary(), ...args], { env, cwd: userFolder, timeoutMs });
}

// ---------------------------------------------------------------------------------------------------
// Workflow and credential shapes
// ---------------------------------------------------------------------------------------------------

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	/** Plain values: `import:credentials` encrypts them with the instance's key. */
	data: Record<string, unknown>;
}

export interface N8nWorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	[key: string]: unknown;
}

export interface N8nWorkflow {
	/** At most 21 characters (`n8n execute` checks it). */
	id: string;
	name: string;
	nodes: N8nWorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` printed, parsed. */
export interface ExecuteResult {
	ok: boolean;
	/** The run data (`data.resultData.runData`, `status`, ...), when n8n printed it. */
	run?: { status?: string; data: { resultData: { runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string } }>>; error?: { message: string; description?: string } } } };
	/** Why it is not ok: n8n's error message, or what was wrong with what it printed. */
	error?: string;
	/** How the CLI process ended. */
	exit: { code: number | null; signal: NodeJS.Signals | null };
	stdout: string;
	stderr: string;
}

/**
 * The run JSON in `n8n execute --rawOutput`'s stdout: it starts at a line `{` and ends at a line `}`, with
 * n8n's log lines possibly before and after it.
 */
function parseRunJson(stdout: string): ExecuteResult['run'] | undefined {
	const start = stdout.search(/^\{\s*$/m);
	if (start < 0) return undefined;
	const ends = [...stdout.slice(start).matchAll(/^\}\s*$/gm)].map((match) => start + (match.index ?? 0) + 1).reverse();
	for (const end of ends) {
		try {
			const parsed = JSON.parse(stdout.slice(start, end)) as ExecuteResult['run'];
			if (parsed && typeof parsed === 'object' && 'data' in parsed) return parsed;
		} catch {
			// Not a complete object yet: try the next closing brace.
		}
	}
	return undefined;
}

/** Reads a workflow JSON file (from examples/) and points its Zoom SMS nodes at a credential. */
export function loadWorkflow(path: string, overrides: { id: string; credential?: { id: string; name: string } }): N8nWorkflow {
	const workflow = JSON.parse(readFileSync(resolve(REPO_ROOT, path), 'utf8')) as N8nWorkflow;
	workflow.id = overrides.id;
	if (overrides.credential) {
		for (const node of workflow.nodes) {
			if (node.credentials?.[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = { ...overrides.credential };
		}
	}
	return workflow;
}

// ---------------------------------------------------------------------------------------------------
// An n8n instance: a user folder with the package installed, its CLI and its processes
// ---------------------------------------------------------------------------------------------------

export interface N8nInstanceOptions {
	/** The tarball to install; default `packagedTarball()`. */
	tarball?: string;
	/** Extra environment for every n8n process of this instance (queue mode, Postgres, log level, ...). */
	env?: NodeJS.ProcessEnv;
	/** Start from the migrated SQLite template (default true; set false when `env` selects another database). */
	migratedTemplate?: boolean;
	/** Keep the user folder after `stop()` (for debugging); also kept when ZOOM_SMS_E2E_KEEP=1. */
	keepFolder?: boolean;
	/** Where to create the user folder; default the system's temp directory. */
	parentDir?: string;
	/** Copy every log line of started n8n processes here (default: to stderr when ZOOM_SMS_E2E_LOG=1). */
	echo?: (line: string) => void;
}

export interface ProcessOptions {
	env?: NodeJS.ProcessEnv;
	/** How long to wait for the ready line; default 180 s (a busy 2-core machine takes 15–40 s). */
	timeoutMs?: number;
}

export class N8nInstance {
	private readonly processes: ManagedProcess[] = [];

	private constructor(
		readonly userFolder: string,
		private readonly options: N8nInstanceOptions,
	) {}

	/** A fresh user folder with the package installed from the tarball into `.n8n/nodes`. */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		n8nBinary(); // fail early with the clear message
		const tarball = options.tarball ?? (await packagedTarball());
		const userFolder = mkdtempSync(join(options.parentDir ?? tmpdir(), 'zoom-sms-n8n-'));
		const instance = new N8nInstance(userFolder, options);
		try {
			if (options.migratedTemplate !== false) cpSync(await migratedTemplate(), userFolder, { recursive: true });
			await instance.installPackage(tarball);
		} catch (error) {
			await instance.stop();
			throw error;
		}
		return instance;
	}

	get nodesFolder(): string {
		return join(this.userFolder, '.n8n', 'nodes');
	}

	/** The environment an n8n process of this instance gets (without its ports). */
	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return { ...baseEnv(this.userFolder), ...this.options.env, ...extra };
	}

	/** `npm install <tgz>` into `.n8n/nodes`, as n8n's community-package installer does. */
	async installPackage(tarball: string, packageName = PACKAGE_NAME): Promise<void> {
		mkdirSync(this.nodesFolder, { recursive: true });
		if (!existsSync(join(this.nodesFolder, 'package.json'))) {
			writeFileSync(join(this.nodesFolder, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		}
		const result = await runCommand(
			'npm install (package tarball)',
			'npm',
			['install', '--prefix', this.nodesFolder, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball],
			{ timeoutMs: 180_000, env: { ...process.env, npm_config_update_notifier: 'false' } },
		);
		const installed = join(this.nodesFolder, 'node_modules', packageName, 'package.json');
		if (result.code !== 0 || !existsSync(installed)) {
			throw new Error(`Installing ${tarball} into ${this.nodesFolder} failed:\n${result.stdout}\n${result.stderr}`);
		}
	}

	/** Runs one n8n CLI command; throws with its output when it exits non-zero. */
	async cli(args: string[], options: { allowFailure?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
		const result = await runN8nCli(this.userFolder, args, { ...this.options.env, ...options.env }, options.timeoutMs);
		if (result.code !== 0 && !options.allowFailure) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.signal ?? result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
		}
		return result;
	}

	private writeInput(name: string, value: unknown): string {
		const dir = join(this.userFolder, 'inputs');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `${name}-${randomUUID()}.json`);
		writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
		return file;
	}

	/** `import:credentials`: upserts by id. Re-importing one resets its stored access token. */
	async importCredentials(credentials: N8nCredential[]): Promise<void> {
		const file = this.writeInput('credentials', credentials);
		try {
			const result = await this.cli(['import:credentials', `--input=${file}`]);
			const said = `${result.stdout}\n${result.stderr}`;
			if (!/Successfully imported/i.test(said)) throw new Error(`n8n import:credentials did not report success:\n${said.slice(-3000)}`);
		} finally {
			rmSync(file, { force: true }); // it holds secrets in plain text
		}
	}

	/** `import:workflow` (one file holding all of them: each CLI start costs seconds). Imports are inactive. */
	async importWorkflows(workflows: N8nWorkflow[]): Promise<void> {
		const file = this.writeInput('workflows', workflows);
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		const said = `${result.stdout}\n${result.stderr}`;
		if (!/Successfully imported/i.test(said)) throw new Error(`n8n import:workflow did not report success:\n${said.slice(-3000)}`);
	}

	/** `publish:workflow`: makes it active (its triggers and webhooks listen) in the next `n8n start`. */
	async publishWorkflow(id: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n execute --id --rawOutput` (the workflow needs a Manual Trigger), judged by what it printed: the
	 * exit code alone says little (0 after some failures; and n8n 2.41.1's CLI now and then dies with
	 * SIGSEGV while shutting down after printing a complete, successful run, so `exit` is reported apart).
	 */
	async execute(id: string): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true, timeoutMs: 180_000 });
		const { stdout, stderr } = result;
		const exit = { code: result.code, signal: result.signal };
		const run = parseRunJson(stdout);
		if (run) {
			const runError = run.data?.resultData?.error;
			const ok = !runError && run.status === 'success';
			const error = runError?.message ?? (ok ? undefined : `the execution ended with status ${run.status}`);
			return { ok, run, error, exit, stdout, stderr };
		}
		const message = /Execution error:[\s\S]*?={3,}\s*\n([^\n]+)/.exec(`${stdout}\n${stderr}`)?.[1];
		return { ok: false, error: message ?? `n8n execute printed no run data (exit ${result.signal ?? result.code})`, exit, stdout, stderr };
	}

	/** `export:credentials --decrypted`: what n8n stored, access token included. */
	async exportCredentials(): Promise<N8nCredential[]> {
		const file = join(this.userFolder, 'inputs', `export-${randomUUID()}.json`);
		mkdirSync(join(this.userFolder, 'inputs'), { recursive: true });
		try {
			await this.cli(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
			return JSON.parse(readFileSync(file, 'utf8')) as N8nCredential[];
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** `n8n start` (on a free port unless `port` is given); resolves when the editor, REST API and webhooks are up. */
	async start(options: ProcessOptions & { port?: number } = {}): Promise<N8nServer> {
		const port = options.port ?? (await freePort());
		const managed = await this.startProcess('start', READY_LINE, { ...options, env: { N8N_PORT: String(port), ...options.env } });
		return new N8nServer(this, managed, port);
	}

	/** `n8n worker` for queue mode (give `env` EXECUTIONS_MODE=queue and the Redis settings at create()). */
	async startWorker(options: ProcessOptions = {}): Promise<ManagedProcess> {
		const healthPort = await freePort();
		return await this.startProcess('worker', WORKER_READY_LINE, { ...options, env: { QUEUE_HEALTH_CHECK_PORT: String(healthPort), ...options.env } });
	}

	/** Any long-running n8n command (`start`, `worker`, `webhook`), with its own task-broker port. */
	async startProcess(command: string, readyLine: RegExp, options: ProcessOptions = {}): Promise<ManagedProcess> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...options.env });
		const echo = this.options.echo ?? (process.env.ZOOM_SMS_E2E_LOG === '1' ? (line: string) => process.stderr.write(`[n8n ${command}] ${line}\n`) : undefined);
		const managed = startProcess(`n8n ${command}`, process.execPath, [n8nBinary(), command], { env, cwd: this.userFolder, echo });
		this.processes.push(managed);
		try {
			await managed.waitForLine(readyLine, options.timeoutMs ?? 180_000);
		} catch (error) {
			await managed.stop();
			throw error;
		}
		return managed;
	}

	/** Stops every process this instance started and removes its folder (unless kept). */
	async stop(): Promise<void> {
		await Promise.all(this.processes.map(async (managed) => await managed.stop()));
		if (!this.options.keepFolder && process.env.ZOOM_SMS_E2E_KEEP !== '1') {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// A running `n8n start` and its REST API
// ---------------------------------------------------------------------------------------------------

export interface OwnerLogin {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerLogin = {
	email: 'owner@example.com',
	password: 'E2e-owner-password-1',
	firstName: 'Ada',
	lastName: 'Owner',
};

export class N8nServer {
	constructor(
		readonly instance: N8nInstance,
		readonly process: ManagedProcess,
		readonly port: number,
	) {}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Production URL of a Webhook node's path (the workflow must be published). */
	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path}`;
	}

	/** Production URL of an n8n Form Trigger's path. */
	formUrl(path: string): string {
		return `${this.baseUrl}/form/${path}`;
	}

	/** Sets up the instance owner (first call) and returns a logged-in REST session. */
	async ownerSession(owner: OwnerLogin = DEFAULT_OWNER): Promise<N8nRestClient> {
		const rest = new N8nRestClient(this.baseUrl);
		await rest.setupOwner(owner);
		return rest;
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** n8n's internal REST API (`/rest`), as the editor uses it: cookie `n8n-auth` plus a `browser-id` header. */
export class N8nRestClient {
	private cookie?: string;

	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'browser-id': this.browserId,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw new Error(`${method} /rest${path} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
		}
		if (!response.ok) {
			throw new Error(`${method} /rest${path} answered ${response.status}: ${JSON.stringify(parsed).slice(0, 1000)}`);
		}
		return (parsed as { data: T }).data;
	}

	async setupOwner(owner: OwnerLogin): Promise<void> {
		await this.request('POST', '/owner/setup', owner);
	}

	async login(email: string, password: string): Promise<void> {
		await this.request('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** The credential dialog's Test button: tests `data` against the stored credential `id`. */
	async testCredential(credential: N8nCredential): Promise<CredentialTestResult> {
		return await this.request<CredentialTestResult>('POST', '/credentials/test', { credentials: credential });
	}

	/**
	 * What the editor asks when a resource locator's list opens (or its search box changes): the node's
	 * `listSearch` method run by n8n with a stored credential.
	 */
	async resourceLocatorResults(options: {
		nodeType: string;
		version: number;
		path: string;
		methodName: string;
		parameters: Record<string, unknown>;
		credential: N8nCredential;
		filter?: string;
	}): Promise<{ results: Array<{ name: string; value: string }>; paginationToken?: string }> {
		return await this.request('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: options.path,
			nodeTypeAndVersion: { name: options.nodeType, version: options.version },
			currentNodeParameters: options.parameters,
			methodName: options.methodName,
			credentials: { [options.credential.type]: { id: options.credential.id, name: options.credential.name } },
			...(options.filter !== undefined ? { filter: options.filter } : {}),
		});
	}

	/**
	 * The editor's Publish button (much faster than `publish:workflow`, which is a process of its own):
	 * publishes the workflow's current version and waits until its triggers listen.
	 */
	async publishWorkflow(workflowId: string): Promise<void> {
		const workflow = await this.request<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await this.request('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
		await this.waitForPublished([workflowId]);
	}

	/**
	 * Waits until n8n has activated the triggers of published workflows. n8n 2.x activates them in the
	 * background after "Editor is now accessible" (its publication service), so a webhook called right
	 * after start can still answer 404.
	 */
	async waitForPublished(workflowIds: string[], timeoutMs = 90_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (const workflowId of workflowIds) {
			for (;;) {
				const publication = await this.request<{ status: string; triggers: Array<{ status: string; errorMessage?: string | null }> }>(
					'GET',
					`/workflows/${workflowId}/publication-status`,
				);
				if (publication.status === 'published') break;
				if (publication.status === 'failed' || publication.status === 'partial') {
					const errors = publication.triggers.map((trigger) => trigger.errorMessage).filter(Boolean);
					throw new Error(`n8n could not activate workflow ${workflowId}: ${errors.join('; ') || publication.status}`);
				}
				if (Date.now() > deadline) throw new Error(`Workflow ${workflowId} was still "${publication.status}" after ${timeoutMs / 1000} s`);
				await new Promise((resolveWait) => setTimeout(resolveWait, 250));
			}
		}
	}

	/** The editor's "Execute workflow" from a trigger; returns the execution id. */
	async runWorkflowManually(workflowId: string, triggerName: string): Promise<string> {
		const result = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!result.executionId) throw new Error(`n8n did not start an execution of ${workflowId}: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	/** Waits until an execution has finished and returns its status ("success", "error", ...). */
	async waitForExecution(executionId: string, timeoutMs = 60_000): Promise<{ status: string; finished: boolean }> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.request<{ status: string; finished: boolean; stoppedAt?: string | null }>('GET', `/executions/${executionId}`);
			if (execution.stoppedAt || !['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() > deadline) throw new Error(`Execution ${executionId} still ${execution.status} after ${timeoutMs / 1000} s`);
			await new Promise((resolveWait) => setTimeout(resolveWait, 250));
		}
	}
}
