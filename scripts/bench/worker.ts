/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console --
   benchmark tooling, never shipped: the raw loop in a process of its own, so its memory figures are its own. */
/**
 * Runs the raw HTTP loop once against a running simulator and prints one `BENCH_RESULT {...}` line:
 *
 *   node --import tsx scripts/bench/worker.ts '{"simUrl":"http://127.0.0.1:…","items":1000,"label":"raw","concurrency":10}'
 *
 * A fresh process, like each `n8n execute` the n8n variants are measured with.
 */
import { performance } from 'node:perf_hooks';

import { DEFAULT_CREDENTIALS } from '../../test/simulator/zoomSimulator';
import { rawLoop } from './rawLoop';
import { RequestTimer } from './requestTimer';
import { benchItems, FROM_NUMBER } from './workload';

export interface WorkerConfig {
	simUrl: string;
	items: number;
	label: string;
	/** Requests in flight. */
	concurrency: number;
}

export interface WorkerResult {
	/** The loop's time, token request included. */
	sendingMs: number;
	sentItems: number;
	/** Milliseconds per send request (request start to response), see requestTimer.ts. */
	requestMs: number[];
	peakRssBytes: number;
}

async function main(): Promise<void> {
	const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
	const items = benchItems(config.items, config.label);
	const timer = new RequestTimer();
	timer.start();
	const started = performance.now();
	const { accepted } = await rawLoop({ baseUrl: config.simUrl, ...DEFAULT_CREDENTIALS, from: FROM_NUMBER, items, concurrency: config.concurrency });
	const sendingMs = performance.now() - started;
	timer.stop();
	const result: WorkerResult = { sendingMs, sentItems: accepted, requestMs: timer.durations, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

// No process.exit on success: the process ends by itself once stdout is flushed (a pipe would lose the end).
main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
