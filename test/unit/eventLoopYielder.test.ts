/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it runs timers and an HTTP server beside the work. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventLoopYielder } from '../../nodes/ZoomSms/actions/eventLoop';

/** Synchronous work for `ms`, as checking items is. */
function busy(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// spin
	}
}

describe('eventLoopYielder', () => {
	it('lets timers of other code run while long synchronous work goes on, slice by slice', async () => {
		const giveWay = eventLoopYielder(20);
		const ticks: number[] = [];
		const started = Date.now();
		const timer = setInterval(() => ticks.push(Date.now() - started), 5);
		try {
			for (let step = 0; step < 40; step++) {
				busy(5);
				await giveWay();
			}
		} finally {
			clearInterval(timer);
		}
		// 200 ms of work in slices of 20 ms: the other timer ran between them, not only after.
		expect(ticks.length).toBeGreaterThanOrEqual(5);
		expect(ticks[0]).toBeLessThan(100);
	});

	it('lets a timer that came due during a slice run before the next slice, not after it', async () => {
		const giveWay = eventLoopYielder(20);
		let stepsWhenItRan: number | undefined;
		let steps = 0;
		setTimeout(() => (stepsWhenItRan = steps), 10);
		for (; steps < 12; steps++) {
			busy(5);
			await giveWay();
		}
		// Due 10 ms into the first 20 ms slice: it runs at the first turn (after 4 or 5 steps), not a slice later.
		expect(stepsWhenItRan).toBeDefined();
		expect(stepsWhenItRan!).toBeLessThanOrEqual(5);
	});

	it('lets I/O be answered during the work (a webhook request to n8n, say)', async () => {
		const server = createServer((_, response) => response.end('ok'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			let answeredAt: number | undefined;
			const started = Date.now();
			request({ host: '127.0.0.1', port, path: '/' }, (response) => {
				response.resume();
				response.on('end', () => (answeredAt = Date.now() - started));
			}).end();
			const giveWay = eventLoopYielder(20);
			for (let step = 0; step < 60; step++) {
				busy(5);
				await giveWay();
			}
			const workMs = Date.now() - started;
			expect(answeredAt).toBeDefined();
			expect(answeredAt!).toBeLessThan(workMs);
		} finally {
			server.close();
		}
	});

	it('does not yield before a slice is used up, and yields again after an await that already gave a turn', async () => {
		const giveWay = eventLoopYielder(1_000);
		let timerRan = false;
		setTimeout(() => (timerRan = true), 0);
		for (let step = 0; step < 100; step++) await giveWay();
		expect(timerRan).toBe(false);

		// A slice whose work awaited a timer (as reading an MMS image does) still ends with a turn of its own.
		const short = eventLoopYielder(10);
		await new Promise((resolve) => setTimeout(resolve, 15));
		let laterTimerRan = false;
		setTimeout(() => (laterTimerRan = true), 0);
		busy(2);
		await short();
		expect(laterTimerRan).toBe(true);
	});
});
