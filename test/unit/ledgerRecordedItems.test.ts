import { SendLedger } from '../../nodes/ZoomSms/actions/message/send/ledger';

const part = { messageId: 'M1', sessionId: 'S1', dateTime: '2026-01-01T00:00:00Z', characters: 3 };

describe('SendLedger.recordedItems (what Send\'s consent check leaves alone)', () => {
	test('the items an earlier try recorded: sent, or sent without an answer', () => {
		const context: Record<string, unknown> = {};
		const ledger = SendLedger.open(context, 0);
		ledger.recordSent(0, part);
		ledger.recordSent(2, part);
		ledger.recordUnknown(5, Date.now());
		expect([...SendLedger.recordedItems(context, 0)].sort()).toEqual([0, 2, 5]);
		expect([...SendLedger.recordedItems(context, 1)]).toEqual([]);
	});

	test('a key naming one recipient of an item ("item/recipient") counts for the item', () => {
		const context: Record<string, unknown> = { zoomSmsSendLedger: { 0: { version: 1, startedAt: 1, items: { '3/1': { sent: [] }, '7': { sent: [] } } } } };
		expect([...SendLedger.recordedItems(context, 0)].sort()).toEqual([3, 7]);
	});

	test('reading does not open the ledger: a first try still counts as a first try', () => {
		const context: Record<string, unknown> = {};
		expect(SendLedger.recordedItems(context, 0).size).toBe(0);
		expect(SendLedger.open(context, 0).isRerun).toBe(false);
		expect(SendLedger.open(context, 0).isRerun).toBe(true);
	});
});
