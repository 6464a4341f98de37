/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: the simulated clock lets pending promises settle with setImmediate. */
/**
 * The pacer against Zoom's way of counting (requests in any one-second window), on a simulated clock whose
 * timers fire late by random amounts, as they do in a busy n8n process: however late its timers are, no
 * second ever holds more starts than the budget; and when nothing is late, it keeps within 3 % of it.
 */
import fc from 'fast-check';

import { RequestPacer, type PacerClock } from '../../nodes/shared/requestPacer';

/** Virtual time: `sleep` resolves when the driver reaches the timer, plus whatever lateness it is given. */
class LateClock implements PacerClock {
	private time = 0;

	private timers: Array<{ at: number; wake: () => void }> = [];

	constructor(private readonly lateness: () => number) {}

	now(): number {
		return this.time;
	}

	async sleep(ms: number): Promise<void> {
		await new Promise<void>((wake) => this.timers.push({ at: this.time + Math.max(0, ms) + this.lateness(), wake }));
	}

	/** Runs until every lane is done: lets promises settle, then jumps to the next timer. */
	async drive(done: () => boolean): Promise<void> {
		for (let steps = 0; !done(); steps++) {
			if (steps > 1_000_000) throw new Error('the pacer never finished');
			await new Promise((resolve) => setImmediate(resolve));
			if (this.timers.length === 0) continue;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.wake();
		}
	}
}

/** `lanes` concurrent senders each acquiring until `total` requests have started; returns the start times. */
async function startTimes(perSecond: number, total: number, lanes: number, clock: LateClock): Promise<number[]> {
	const pacer = new RequestPacer(perSecond, clock);
	const starts: number[] = [];
	let claimed = 0;
	let finished = 0;
	const lane = async () => {
		while (claimed < total) {
			claimed++;
			await pacer.acquire();
			starts.push(clock.now());
		}
		finished++;
	};
	const running = Array.from({ length: lanes }, lane);
	await clock.drive(() => finished === lanes);
	await Promise.all(running);
	return starts.sort((a, b) => a - b);
}

/** The most starts in any window of `windowMs` (a window (t − windowMs, t], as Zoom and the simulator count). */
function busiestWindow(starts: number[], windowMs: number): number {
	let most = 0;
	for (let last = 0, first = 0; last < starts.length; last++) {
		while (starts[first] <= starts[last] - windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

describe('RequestPacer (properties)', () => {
	test('late timers never let more than the budget start in any second', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 25 }),
				fc.integer({ min: 1, max: 60 }),
				fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 50 }),
				async (perSecond, lanes, delays) => {
					let next = 0;
					// Most timers on time, some late by up to 400 ms: a stalled event loop.
					const clock = new LateClock(() => (next++ % 3 === 0 ? delays[next % delays.length] : 0));
					const starts = await startTimes(perSecond, perSecond * 4, lanes, clock);
					expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(perSecond);
				},
			),
			{ numRuns: 150 },
		);
	});

	test('on time, it uses at least 97 % of the budget', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 2, max: 60 }), async (perSecond, lanes) => {
				const clock = new LateClock(() => 0);
				const total = perSecond * 6;
				const starts = await startTimes(perSecond, total, Math.max(lanes, 2), clock);
				const rate = ((total - 1) / (starts[starts.length - 1] - starts[0])) * 1000;
				expect(rate).toBeGreaterThanOrEqual(0.97 * perSecond);
				expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(perSecond);
			}),
			{ numRuns: 60 },
		);
	});

	test('a pause holds every sender until it ends', async () => {
		const clock = new LateClock(() => 0);
		const pacer = new RequestPacer(10, clock);
		const starts: number[] = [];
		await pacer.acquire();
		pacer.pauseFor(2000);
		const lanes = Array.from({ length: 5 }, async () => {
			await pacer.acquire();
			starts.push(clock.now());
		});
		let done = 0;
		void Promise.all(lanes).then(() => (done = 1));
		await clock.drive(() => done === 1);
		expect(Math.min(...starts)).toBeGreaterThanOrEqual(2000);
	});
});
