/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions --
   test tooling, never shipped: it starts and stops real processes (n8n, npm, the demo) and needs Node's built-ins. */
/**
 * Child processes that are always cleaned up. Every process is started in a process group of its own, so
 * stopping it also stops what it started (n8n's task runner, npm's children). Everything started here is
 * remembered until it exits: `stopAllProcesses()` ends what a failed test left behind, and a last-resort
 * hook SIGKILLs what is still running when the Node process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ExitStatus {
	code: number | null;
	signal: NodeJS.Signals | null;
}

const MAX_KEPT_LINES = 4000;

const running = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const managed of running) managed.killNow();
	});
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		// A negative pid addresses the whole process group the child leads (it was spawned detached).
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// Already gone.
		}
	}
}

/** A process started by the tests: its output, a way to wait for a log line, and a clean stop. */
export class ManagedProcess {
	/** stdout and stderr lines, in arrival order (the last few thousand). */
	readonly lines: string[] = [];

	readonly exited: Promise<ExitStatus>;

	private exitStatus?: ExitStatus;

	private readonly listeners = new Set<(line: string) => void>();

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
	) {
		running.add(this);
		installExitHook();
		this.exited = new Promise((resolve) => {
			child.once('exit', () => {
				// The group leader is gone; make sure nothing it started lingers (and holds its pipes open).
				signalGroup(child.pid, 'SIGKILL');
			});
			// 'close' comes after 'exit' once stdout and stderr are drained, so no output is lost.
			child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
				this.exitStatus = { code, signal };
				running.delete(this);
				resolve(this.exitStatus);
			});
			child.once('error', (error) => {
				this.pushLine(`[${name}] failed to start: ${error.message}`);
				this.exitStatus = { code: -1, signal: null };
				running.delete(this);
				resolve(this.exitStatus);
			});
		});
		for (const stream of [child.stdout, child.stderr]) {
			if (!stream) continue;
			let pending = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => {
				pending += chunk;
				const parts = pending.split(/\r?\n/);
				pending = parts.pop() ?? '';
				for (const line of parts) this.pushLine(line);
			});
			stream.on('end', () => {
				if (pending) this.pushLine(pending);
				pending = '';
			});
		}
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get hasExited(): boolean {
		return this.exitStatus !== undefined;
	}

	/** The output so far, for error messages. */
	tail(lineCount = 60): string {
		return this.lines.slice(-lineCount).join('\n');
	}

	/** Calls `listener` for every later line of output; returns a function that stops it. */
	onLine(listener: (line: string) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Resolves with the first line (already printed or later) that matches; rejects on exit or timeout. */
	async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
		const seen = this.lines.find((line) => pattern.test(line));
		if (seen !== undefined) return seen;
		return await new Promise<string>((resolve, reject) => {
			const cleanup = () => {
				clearTimeout(timer);
				stopListening();
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`${this.name} did not print ${pattern} within ${Math.round(timeoutMs / 1000)} s. Its last output:\n${this.tail()}`));
			}, timeoutMs);
			const stopListening = this.onLine((line) => {
				if (!pattern.test(line)) return;
				cleanup();
				resolve(line);
			});
			void this.exited.then((status) => {
				cleanup();
				reject(new Error(`${this.name} exited (${status.signal ?? `code ${status.code}`}) before printing ${pattern}. Its last output:\n${this.tail()}`));
			});
		});
	}

	/** SIGTERM to the process group, then SIGKILL after `graceMs`; resolves once the process has exited. */
	async stop(graceMs = 15_000): Promise<ExitStatus> {
		if (this.exitStatus) return this.exitStatus;
		signalGroup(this.child.pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(this.child.pid, 'SIGKILL'), graceMs);
		try {
			return await this.exited;
		} finally {
			clearTimeout(timer);
		}
	}

	/** Sends one signal to the process itself (not its group), e.g. SIGINT as Ctrl-C would. */
	signal(signal: NodeJS.Signals): void {
		if (this.child.pid !== undefined && !this.exitStatus) process.kill(this.child.pid, signal);
	}

	/** Synchronous last resort, for the exit hook. */
	killNow(): void {
		if (!this.exitStatus) signalGroup(this.child.pid, 'SIGKILL');
	}

	private pushLine(line: string): void {
		this.lines.push(line);
		if (this.lines.length > MAX_KEPT_LINES) this.lines.splice(0, this.lines.length - MAX_KEPT_LINES);
		for (const listener of this.listeners) listener(line);
	}
}

export interface StartOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Copy every output line to this function too (e.g. to show a process's log live). */
	echo?: (line: string) => void;
}

export function startProcess(name: string, command: string, args: string[], options: StartOptions = {}): ManagedProcess {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const managed = new ManagedProcess(name, child);
	if (options.echo) managed.onLine(options.echo);
	return managed;
}

export interface CommandResult extends ExitStatus {
	stdout: string;
	stderr: string;
}

/** Runs a command to completion (killing its group after `timeoutMs`) and returns what it printed. */
export async function runCommand(
	name: string,
	command: string,
	args: string[],
	options: StartOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const stdout: string[] = [];
	const stderr: string[] = [];
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
	const managed = new ManagedProcess(name, child);
	const timeoutMs = options.timeoutMs ?? 120_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void managed.stop(2_000);
	}, timeoutMs);
	const status = await managed.exited;
	clearTimeout(timer);
	const result = { ...status, stdout: stdout.join(''), stderr: stderr.join('') };
	if (timedOut) {
		throw new Error(`${name} did not finish within ${Math.round(timeoutMs / 1000)} s.\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	}
	return result;
}

/** Stops every process started through this module that is still running. */
export async function stopAllProcesses(): Promise<void> {
	await Promise.all([...running].map(async (managed) => await managed.stop()));
}

/** The processes still running (a test can assert that it left none behind). */
export function runningProcesses(): ManagedProcess[] {
	return [...running];
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether nothing listens on 127.0.0.1:`port` right now. */
export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** True while a process with this pid exists. */
export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
