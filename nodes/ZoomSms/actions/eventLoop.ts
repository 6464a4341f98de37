import { sleep } from 'n8n-workflow';

/**
 * Gives n8n's event loop a turn at least every `sliceMs` of work. Checking or reporting thousands of items
 * is synchronous work (n8n evaluates each item's expressions synchronously); done in one piece it froze
 * n8n for seconds (10,000 items: 4.3 s), including the Zoom SMS Trigger's 3-second answer to Zoom.
 */
export function eventLoopYielder(sliceMs = 25): () => Promise<void> {
	let sliceStart = Date.now();
	return async () => {
		if (Date.now() - sliceStart < sliceMs) return;
		await sleep(0);
		sliceStart = Date.now();
	};
}
