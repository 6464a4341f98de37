/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console --
   test tooling, never shipped: it sets n8n's log environment and intercepts process and console output. */
/**
 * Captures everything a run logs: n8n's own logger (the one n8n-core and WorkflowExecute write to, set to
 * debug level and JSON format so every metadata field is printed), console calls, and raw writes to
 * stdout/stderr. Import this module before the engine: n8n reads its log settings once, when its logger
 * is first built.
 */
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_FORMAT = 'json';
process.env.N8N_LOG_OUTPUT = 'console';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export class LogCapture {
	private lines: string[] = [];

	private restore: Array<() => void> = [];

	/** Builds n8n's logger (which also becomes n8n-workflow's LoggerProxy) and starts capturing. */
	start(): void {
		Container.get(Logger);
		const record = (chunk: unknown) => {
			this.lines.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
		};
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write;
			stream.write = ((chunk: unknown) => {
				record(chunk);
				return true;
			}) as Write;
			this.restore.push(() => (stream.write = original));
		}
		// winston's console transport writes to console._stdout/_stderr when they exist (Jest points them at
		// its own buffer, not at process.stdout).
		const consoleStreams = console as unknown as Record<string, unknown>;
		for (const key of ['_stdout', '_stderr']) {
			if (!consoleStreams[key]) continue;
			const original = consoleStreams[key];
			consoleStreams[key] = { write: (chunk: unknown) => (record(chunk), true) };
			this.restore.push(() => (consoleStreams[key] = original));
		}
		for (const method of CONSOLE_METHODS) {
			const original = console[method];
			console[method] = (...args: unknown[]) => record(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
			this.restore.push(() => (console[method] = original));
		}
	}

	stop(): void {
		for (const undo of this.restore.reverse()) undo();
		this.restore = [];
	}

	get text(): string {
		return this.lines.join('\n');
	}

	clear(): void {
		this.lines = [];
	}
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value, (_, inner: unknown) => (inner instanceof Error ? { ...inner, message: inner.message, stack: inner.stack } : inner));
	} catch {
		return String(value);
	}
}
