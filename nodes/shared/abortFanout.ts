/**
 * Many waiters on one AbortSignal (n8n's cancel signal of an execution, a run's halt signal), each
 * through a single listener per signal.
 *
 * Node's EventTarget looks through a signal's listeners on every addEventListener (to drop duplicates),
 * so with a campaign's 200 requests in flight each one waiting on the same signal paid for the 199
 * others: `npm run bench` scenario 1 profiled about 50 ms per 1,000 messages in addEventListener alone,
 * where n8n's bare node with 10 requests in flight spent none. Here each signal gets one listener, and a
 * waiter is added and removed in constant time. Pure: no n8n import.
 */

const waitersBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` once when `signal` aborts (not at all if it already has: check `signal.aborted`
 * first). Returns the function that stops waiting; call it once the wait is over, or the waiter stays.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
	if (signal.aborted) return () => undefined;
	const waiters = waitersBySignal.get(signal) ?? listenTo(signal);
	// A wrapper of its own, so that the same callback registered twice is two waiters, as with EventTarget's `once`.
	const waiter = () => onAbort();
	waiters.add(waiter);
	return () => {
		waiters.delete(waiter);
	};
}

/** The one listener of `signal`, and the waiters it calls. */
function listenTo(signal: AbortSignal): Set<() => void> {
	const waiters = new Set<() => void>();
	waitersBySignal.set(signal, waiters);
	signal.addEventListener(
		'abort',
		() => {
			waitersBySignal.delete(signal);
			// A waiter released by an earlier one during this loop is not called (a Set skips deleted entries).
			for (const waiter of waiters) waiter();
			waiters.clear();
		},
		{ once: true },
	);
	return waiters;
}

/**
 * A signal that aborts when `signal` does, for a single request: n8n's HTTP helper adds a listener to the
 * signal it is given, so giving each request this one keeps the shared signal at one listener. `release`
 * once the request has ended.
 */
export function childSignal(signal: AbortSignal): { signal: AbortSignal; release: () => void } {
	const controller = new AbortController();
	if (signal.aborted) {
		controller.abort(signal.reason);
		return { signal: controller.signal, release: () => undefined };
	}
	const release = whenAborted(signal, () => controller.abort(signal.reason));
	return { signal: controller.signal, release };
}

/**
 * Sleeps `ms` through the injected `sleep` (the node passes n8n's), or less when `signal` aborts first.
 * True when the whole time was slept, false when the signal aborted before or during it.
 */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined, sleep: (ms: number) => Promise<void>): Promise<boolean> {
	if (!signal) {
		await sleep(ms);
		return true;
	}
	if (signal.aborted) return false;
	let release = () => {};
	const aborted = new Promise<void>((resolve) => {
		release = whenAborted(signal, resolve);
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		release();
	}
	return !signal.aborted;
}
