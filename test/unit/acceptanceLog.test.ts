/**
 * The log of what Zoom accepted: the record of a run n8n saves no output for (a cancel, a timeout).
 */
import type { Logger } from 'n8n-workflow';

import { AcceptanceLog, acceptanceText } from '../../nodes/ZoomSms/actions/message/send/acceptanceLog';

function capture(): { logger: Logger; lines: Array<{ message: string; metadata?: Record<string, unknown> }> } {
	const lines: Array<{ message: string; metadata?: Record<string, unknown> }> = [];
	const write = (message: string, metadata?: Record<string, unknown>) => lines.push({ message, metadata });
	return { logger: { error: write, warn: write, info: write, debug: write }, lines };
}

const accepted = (itemIndex: number, part = 1, parts = 1) => ({ itemIndex, part, parts, messageId: `m${itemIndex}-${part}`, sessionId: 's1' });

describe('acceptanceLog', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it.each([
		[accepted(7), 'item 7 as message m7-1'],
		[accepted(3, 2, 3), 'item 3 (part 2 of 3) as message m3-2'],
	])('names the item, its part when there are several, and the message ID: %j', (acceptance, text) => {
		expect(acceptanceText(acceptance)).toBe(text);
	});

	it('writes what Zoom accepted within a second, in one line, with the IDs as metadata', async () => {
		const { logger, lines } = capture();
		const log = new AcceptanceLog(logger, 'exec-1');
		log.add(accepted(0));
		log.add(accepted(1));
		expect(lines).toHaveLength(0);
		await jest.advanceTimersByTimeAsync(1000);
		expect(lines).toEqual([
			{
				message: 'Zoom SMS: accepted by Zoom: item 0 as message m0-1; item 1 as message m1-1',
				metadata: { executionId: 'exec-1', accepted: [accepted(0), accepted(1)] },
			},
		]);
		log.add(accepted(2));
		await jest.advanceTimersByTimeAsync(1000);
		expect(lines.map((line) => line.message)).toEqual([expect.any(String), 'Zoom SMS: accepted by Zoom: item 2 as message m2-1']);
	});

	it('at most 50 messages a line: a fast run writes a line per 50 at once', () => {
		const { logger, lines } = capture();
		const log = new AcceptanceLog(logger, 'exec-1');
		for (let index = 0; index < 120; index++) log.add(accepted(index));
		expect(lines.map((line) => (line.metadata?.accepted as unknown[]).length)).toEqual([50, 50]);
		log.flush();
		expect(lines.map((line) => (line.metadata?.accepted as unknown[]).length)).toEqual([50, 50, 20]);
		const logged = lines.flatMap((line) => line.metadata?.accepted as Array<{ itemIndex: number }>).map((entry) => entry.itemIndex);
		expect(logged).toEqual(Array.from({ length: 120 }, (_, index) => index));
	});

	it('a cancel writes what is waiting at once; a flush with nothing waiting writes nothing', async () => {
		const { logger, lines } = capture();
		const cancel = new AbortController();
		const log = new AcceptanceLog(logger, 'exec-1', cancel.signal);
		log.flush();
		expect(lines).toHaveLength(0);
		log.add(accepted(4));
		cancel.abort();
		expect(lines.map((line) => line.message)).toEqual(['Zoom SMS: accepted by Zoom: item 4 as message m4-1']);
		await jest.advanceTimersByTimeAsync(1000);
		expect(lines).toHaveLength(1);
	});
});
