/**
 * The read operations under n8n's three On Error settings, through n8n's engine (issue 9). In every case one
 * input item fails at Zoom and the others succeed, and each mode must do what its name says:
 * - Stop Workflow: the run fails with Zoom's error naming the item.
 * - Continue (regular output): the failed item is one `{ error }` item paired with its input, between the others.
 * - Continue (using error output): every failed item, and only those, leaves through the error output.
 * n8n-core decides the last one itself (WorkflowExecute.handleNodeErrorOutput), so only its engine can tell.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { InProcessN8n, type RunOptions } from '../helpers/n8nEngine';
import { simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim?.stop();
});
beforeEach(() => sim.reset());

interface ReadCase {
	name: string;
	parameters: IDataObject;
	input: IDataObject[];
	/** The input items that fail at Zoom. */
	failing: number[];
	/** What Zoom answers for them. */
	answer: RegExp;
	arrange?: () => void;
}

const CASES: ReadCase[] = [
	{
		name: 'Message → Get',
		parameters: { resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: '={{ $json.id }}' },
		input: [{ id: SEED.mmsMessageId }, { id: 'no-such-message' }, { id: SEED.mmsMessageId }, { id: 'nor-this-one' }],
		failing: [1, 3],
		answer: /Zoom answered 404/,
	},
	{
		name: 'Message → Get Many',
		parameters: { resource: 'message', operation: 'getMany', sessionId: '={{ $json.session }}', limit: 2 },
		input: [{ session: SEED.sessions.alexCasey }, { session: 'no-such-session' }, { session: SEED.sessions.alexCasey }],
		failing: [1],
		answer: /Zoom answered 4\d\d/,
	},
	{
		name: 'Conversation → Get Many',
		parameters: { resource: 'conversation', operation: 'getMany', scope: 'user', userId: '={{ $json.user }}', returnAll: true },
		input: [{ user: 'nobody@example.com' }, { user: SEED.users.sam.email }],
		failing: [0],
		answer: /Zoom answered 404 \(code 1001\)/,
	},
	{
		name: 'Phone Number → Get Many',
		parameters: { resource: 'phoneNumber', operation: 'getMany', limit: 1 },
		input: [{}, {}, {}],
		failing: [0],
		answer: /Zoom answered 400 \(code 4711\)/,
		arrange: () => sim.addFault({ kind: 'missingScope', path: '/v2/phone/numbers', count: 1 }),
	},
];

const run = (testCase: ReadCase, options: RunOptions) => {
	testCase.arrange?.();
	return new InProcessN8n(simulatorCredential(sim)).run(testCase.parameters, testCase.input, options);
};

const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

describe.each(CASES)('$name', (testCase) => {
	const succeeding = testCase.input.map((_, index) => index).filter((index) => !testCase.failing.includes(index));

	test('Stop Workflow: the run fails with Zoom\'s error naming the first failed item', async () => {
		const result = await run(testCase, { onError: 'stopWorkflow' });
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(new RegExp(`^Item ${testCase.failing[0]}: ${testCase.answer.source}`));
		expect(result.error?.httpCode).toMatch(/^4\d\d$/);
	});

	test('Continue (regular output): one error item per failed item, paired with it, in input order', async () => {
		const result = await run(testCase, { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(result.errorItems).toEqual([]);
		const failed = result.items.filter((item) => item.json.error !== undefined);
		expect(failed.map(pairedIndex)).toEqual(testCase.failing);
		for (const item of failed) {
			expect(item.json.error).toMatch(new RegExp(`^Item ${pairedIndex(item)}: ${testCase.answer.source}`));
			expect(Object.keys(item.json).every((key) => key === 'error' || key === 'errorDetails')).toBe(true);
		}
		expect([...new Set(result.items.map(pairedIndex))]).toEqual(testCase.input.map((_, index) => index));
	});

	test('Continue (using error output): every failed item and only those on the error output', async () => {
		const result = await run(testCase, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.errorItems.map(pairedIndex)).toEqual(testCase.failing);
		for (const item of result.errorItems) {
			expect(item.json.error).toMatch(new RegExp(`^Item ${pairedIndex(item)}: ${testCase.answer.source}`));
		}
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
		expect([...new Set(result.items.map(pairedIndex))]).toEqual(succeeding);
	});
});

test('our own checks fail the item the same way: an empty Message ID on the error output, the others read', async () => {
	const { items, errorItems } = await new InProcessN8n(simulatorCredential(sim)).run(
		{ resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: '={{ $json.id }}' },
		[{ id: SEED.mmsMessageId }, { id: ' ' }],
		{ onError: 'continueErrorOutput' },
	);
	expect(items.map((item) => [item.json.messageId, pairedIndex(item)])).toEqual([[SEED.mmsMessageId, 0]]);
	expect(errorItems.map((item) => [item.json.error, pairedIndex(item)])).toEqual([['Item 1: Message ID is empty', 1]]);
	expect(errorItems[0].json.details).toEqual({ errorDetails: 'Enter the message ID, e.g. the "messageId" output by Send.' });
});
