/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped: it counts the signal's listeners. */
import { getEventListeners } from 'node:events';

import { childSignal, sleepUnlessAborted, whenAborted } from '../../nodes/shared/abortFanout';

describe('whenAborted', () => {
	it('calls every waiter still waiting, once, when the signal aborts', () => {
		const controller = new AbortController();
		const calls: string[] = [];
		whenAborted(controller.signal, () => calls.push('a'));
		const releaseB = whenAborted(controller.signal, () => calls.push('b'));
		whenAborted(controller.signal, () => calls.push('c'));
		releaseB();
		controller.abort();
		controller.abort();
		expect(calls).toEqual(['a', 'c']);
	});

	it('keeps one listener on the signal however many wait, and none once all are released', () => {
		const controller = new AbortController();
		const releases = Array.from({ length: 200 }, () => whenAborted(controller.signal, () => undefined));
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		releases.forEach((release) => release());
		let called = false;
		whenAborted(controller.signal, () => (called = true))();
		controller.abort();
		expect(called).toBe(false);
	});

	it('counts the same callback registered twice as two waiters', () => {
		const controller = new AbortController();
		let calls = 0;
		const onAbort = () => calls++;
		const releaseFirst = whenAborted(controller.signal, onAbort);
		whenAborted(controller.signal, onAbort);
		releaseFirst();
		controller.abort();
		expect(calls).toBe(1);
	});

	it('never calls a waiter added after the abort (callers check `aborted` first)', () => {
		const controller = new AbortController();
		controller.abort();
		let called = false;
		const release = whenAborted(controller.signal, () => (called = true));
		release();
		expect(called).toBe(false);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	it('does not call a waiter that an earlier one released during the abort, as EventTarget would not', () => {
		const controller = new AbortController();
		const calls: number[] = [];
		let releaseSecond: () => void = () => undefined;
		whenAborted(controller.signal, () => {
			calls.push(1);
			releaseSecond();
		});
		releaseSecond = whenAborted(controller.signal, () => calls.push(2));
		controller.abort();
		expect(calls).toEqual([1]);
	});
});

describe('childSignal', () => {
	it('aborts with the parent, with its reason', () => {
		const parent = new AbortController();
		const child = childSignal(parent.signal);
		parent.abort(new Error('cancelled'));
		expect(child.signal.aborted).toBe(true);
		expect((child.signal.reason as Error).message).toBe('cancelled');
	});

	it('starts aborted when the parent already is', () => {
		const parent = new AbortController();
		parent.abort('gone');
		const child = childSignal(parent.signal);
		expect(child.signal.aborted).toBe(true);
		expect(child.signal.reason).toBe('gone');
	});

	it('no longer follows the parent once released', () => {
		const parent = new AbortController();
		const child = childSignal(parent.signal);
		child.release();
		parent.abort();
		expect(child.signal.aborted).toBe(false);
	});
});

describe('sleepUnlessAborted', () => {
	/** A sleep that ends only when the test says so, recording what it was asked for. */
	function controlledSleep() {
		const asked: number[] = [];
		const ends: Array<() => void> = [];
		const sleep = (ms: number) =>
			new Promise<void>((resolve) => {
				asked.push(ms);
				ends.push(resolve);
			});
		return { sleep, asked, endAll: () => ends.forEach((end) => end()) };
	}

	it('sleeps the whole time and says so when nothing aborts', async () => {
		const clock = controlledSleep();
		const controller = new AbortController();
		const slept = sleepUnlessAborted(250, controller.signal, clock.sleep);
		expect(clock.asked).toEqual([250]);
		clock.endAll();
		await expect(slept).resolves.toBe(true);
	});

	it('ends as soon as the signal aborts, with false, before the sleep is over', async () => {
		const clock = controlledSleep();
		const controller = new AbortController();
		const slept = sleepUnlessAborted(60_000, controller.signal, clock.sleep);
		controller.abort();
		await expect(slept).resolves.toBe(false);
	});

	it('does not sleep at all on a signal already aborted', async () => {
		const clock = controlledSleep();
		const controller = new AbortController();
		controller.abort();
		await expect(sleepUnlessAborted(1000, controller.signal, clock.sleep)).resolves.toBe(false);
		expect(clock.asked).toEqual([]);
	});

	it('sleeps plainly without a signal', async () => {
		const clock = controlledSleep();
		const slept = sleepUnlessAborted(5, undefined, clock.sleep);
		clock.endAll();
		await expect(slept).resolves.toBe(true);
		expect(clock.asked).toEqual([5]);
	});

	it('keeps the signal at its one listener however many sleeps wait on it in turn', async () => {
		const controller = new AbortController();
		for (let turn = 0; turn < 50; turn++) await sleepUnlessAborted(0, controller.signal, () => Promise.resolve());
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		let calledLate = false;
		whenAborted(controller.signal, () => (calledLate = true));
		controller.abort();
		expect(calledLate).toBe(true);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});
