/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console --
   benchmark tooling, never shipped. */
/**
 * Scenario 9: how long the Send operation holds n8n's event loop on a large batch. In regular mode one
 * stall stops n8n from answering anything, including the Zoom SMS Trigger's 3-second answer to Zoom.
 * The node runs in n8n's real engine in this process (so a probe timer here sees every stall) against the
 * simulator, whose daily limit is reached after a few sends: every item is read and checked, a few are
 * sent, and every item's outcome is reported (Continue On Fail), the three phases that walk the batch.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { InProcessN8n } from '../../test/helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../../test/helpers/fixtures';
import { SEED } from '../../test/simulator/seed';
import { startZoomSimulator } from '../../test/simulator/zoomSimulator';
import { fmt, table } from './stats';

export interface StallRun {
	items: number;
	seconds: number;
	longestStallMs: number;
	p99Ms: number;
	sent: number;
	outputItems: number;
}

/** The longest gap between two ticks of a 5 ms timer while `work` runs, beside Node's own histogram. */
async function measureStalls<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number; p99Ms: number }> {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	let last = performance.now();
	let longest = 0;
	const probe = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last - 5);
		last = now;
	}, 5);
	histogram.enable();
	try {
		const result = await work();
		return { result, longestStallMs: Math.max(longest, histogram.max / 1e6), p99Ms: histogram.percentile(99) / 1e6 };
	} finally {
		clearInterval(probe);
		histogram.disable();
	}
}

export async function eventLoopStalls(sizes: number[]): Promise<StallRun[]> {
	const sim = await startZoomSimulator({ dailyLimit: 5 });
	const runs: StallRun[] = [];
	try {
		// Unmeasured: the first run loads and compiles n8n's engine and the node, a cost paid once per process.
		await new InProcessN8n(simulatorCredential(sim)).run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'warm-up' }]);
		for (const size of sizes) {
			sim.reset();
			sim.configure({ dailyLimit: 5 });
			const n8n = new InProcessN8n(simulatorCredential(sim));
			const input = Array.from({ length: size }, (_, index) => ({ phone: SEED.contacts.casey, text: `stall item ${index}: your order has shipped` }));
			const started = performance.now();
			const { result, longestStallMs, p99Ms } = await measureStalls(
				async () => await n8n.run(sendParameters({ options: { requestsPerSecond: 100 } }), input, { onError: 'continueRegularOutput' }),
			);
			runs.push({ items: size, seconds: (performance.now() - started) / 1000, longestStallMs, p99Ms, sent: sim.messages.length, outputItems: result.items.length });
			process.stdout.write(`  ${fmt.int(size)} items done\n`);
		}
	} finally {
		await sim.stop();
	}
	return runs;
}

export function printStalls(runs: StallRun[]): void {
	console.log(
		table(
			['items', 'run (s)', 'longest event-loop stall (ms)', 'p99 delay (ms)', 'sent before the daily limit', 'output items'],
			runs.map((run) => [fmt.int(run.items), run.seconds.toFixed(1), run.longestStallMs.toFixed(0), run.p99Ms.toFixed(1), String(run.sent), fmt.int(run.outputItems)]),
		),
	);
}
