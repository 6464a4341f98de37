import { sleep } from 'n8n-workflow';

/**
 * Gives n8n's event loop a turn at least every `sliceMs` of work. Checking or reporting thousands of items
 * is synchronous work (n8n evaluates each item's expressions synchronously); done in one piece it froze
 * n8n for seconds (10,000 items: 4.3 s), including the Zoom SMS Trigger's 3-second answer to Zoom.
 *
 * The turn is a timer (n8n's `sleep`; community nodes may not use setImmediate), and a timer waits at
 * least 1 ms: asked for at the end of each slice, that was 1 ms idle per 25 ms of work (4 %, measured in
 * `npm run bench` scenario 1's CPU profile). So each slice's timer is set when the slice starts, due when
 * it ends: the event loop then handles what is waiting (I/O, webhooks) and comes straight back. Due at the
 * slice's end, not at once: Node runs the next slice right after this timer's callback, so a timer due
 * earlier would put the other timers that came due during the slice behind the next slice too.
 */
export function eventLoopYielder(sliceMs = 25): () => Promise<void> {
	let sliceStart = Date.now();
	const nextTurn = (): { promise: Promise<void>; taken: boolean } => {
		const turn = { promise: Promise.resolve(), taken: false };
		turn.promise = sleep(sliceMs).then(() => {
			turn.taken = true;
		});
		return turn;
	};
	let turn = nextTurn();
	return async () => {
		if (Date.now() - sliceStart < sliceMs) return;
		// The timer fired early in the slice (the work awaited something, e.g. an MMS image): that turn is
		// spent, so take a new one now.
		await (turn.taken ? sleep(0) : turn.promise);
		sliceStart = Date.now();
		turn = nextTurn();
	};
}
