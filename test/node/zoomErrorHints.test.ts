/**
 * Zoom's error details through n8n's engine against the simulator (issue 12, item 8): each code Zoom
 * documents for an endpoint comes with the hint for that operation, and Zoom's `errors[]` field messages
 * reach the error's description, under Stop Workflow and with Continue (regular output).
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { DEFAULT_SCOPES, startZoomSimulator, type Fault, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

interface HintCase {
	name: string;
	parameters: IDataObject;
	input?: IDataObject[];
	/** What makes Zoom answer with the code; none when the simulator answers it by itself. */
	fault?: Fault;
	scopes?: string[];
	message: RegExp;
	hint: RegExp;
}

const S = SEED.sessions;

const CASES: HintCase[] = [
	{
		name: '300: "me" as the User ID with a Server-to-Server token (Conversation → Get Many, User)',
		parameters: { resource: 'conversation', operation: 'getMany', scope: 'user', userId: 'me', returnAll: true },
		message: /^Item 0: Zoom answered 400 \(code 300\): Invalid user id\./,
		hint: /"me" only from user-level OAuth apps; this credential is a Server-to-Server app.*user's Zoom user ID or email/,
	},
	{
		name: '7013: Zoom could not read the conversation (Message → Get Many)',
		parameters: { resource: 'message', operation: 'getMany', sessionId: S.alexCasey, limit: 5 },
		fault: { kind: 'status', status: 404, body: { code: 7013, message: 'Error retrieving SMS history.' }, path: `/v2/phone/sms/sessions/${S.alexCasey}` },
		message: /^Item 0: Zoom answered 404 \(code 7013\): Error retrieving SMS history\./,
		hint: /could not read this conversation's history \(code 7013\).*Conversation → Get Many lists them/,
	},
	{
		name: '2001: the account does not exist (Message → Send)',
		parameters: sendParameters(),
		input: [{ phone: SEED.contacts.casey, text: 'hello' }],
		fault: { kind: 'status', status: 400, body: { code: 2001, message: 'Account does not exist.' }, path: '/v2/phone/sms/messages' },
		message: /^Item 0: Zoom answered 400 \(code 2001\): Account does not exist\./,
		hint: /code 2001.*owns the From number.*copy the Account ID again/,
	},
	{
		name: '1004: another account\'s message (Message → Get)',
		parameters: { resource: 'message', operation: 'get', sessionId: S.alexCasey, messageId: SEED.mmsMessageId },
		fault: { kind: 'status', status: 400, body: { code: 1004, message: 'Not allow to access this account.' }, path: `/v2/phone/sms/sessions/${S.alexCasey}/messages/${SEED.mmsMessageId}` },
		message: /^Item 0: Zoom answered 400 \(code 1004\): Not allow to access this account\./,
		hint: /code 1004.*credential's own Zoom account.*phone:read:sms_message:admin/,
	},
	{
		name: '4711: the missing scope, named by Zoom, and what needs it (Phone Number → Get Many)',
		parameters: { resource: 'phoneNumber', operation: 'getMany', limit: 5 },
		scopes: DEFAULT_SCOPES.filter((scope) => scope !== 'phone:read:list_numbers:admin'),
		message: /^Item 0: Zoom answered 400 \(code 4711\): Invalid access token, does not contain scopes:\[phone:read:list_numbers:admin\]\./,
		hint: /missing scopes \(phone:read:list_numbers:admin\), needed by the From list and Phone Number → Get Many\. In the Zoom App Marketplace/,
	},
	{
		name: '4711 on a read the scope of which Zoom names (Message → Get Many)',
		parameters: { resource: 'message', operation: 'getMany', sessionId: S.alexCasey, limit: 5 },
		scopes: DEFAULT_SCOPES.filter((scope) => scope !== 'phone:read:sms_session:admin'),
		message: /^Item 0: Zoom answered 400 \(code 4711\)/,
		hint: /missing scopes \(phone:read:sms_session:admin\), needed by Message → Get Many/,
	},
];

describe.each(CASES)('$name', (testCase) => {
	const arrange = () => {
		if (testCase.scopes) sim.configure({ scopes: testCase.scopes });
		if (testCase.fault) sim.addFault({ count: 1, ...testCase.fault });
	};
	const input = testCase.input ?? [{}];

	test('Stop Workflow: the error says what Zoom answered and what to do', async () => {
		arrange();
		const { error } = await new InProcessN8n(simulatorCredential(sim)).run(testCase.parameters, input);
		expect(error?.message).toMatch(testCase.message);
		expect(error?.description).toMatch(testCase.hint);
		expect(error?.description).toMatch(/Zoom tracking ID: /);
	});

	test('Continue (regular output): the item carries the same hint', async () => {
		arrange();
		const { items, error } = await new InProcessN8n(simulatorCredential(sim)).run(testCase.parameters, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(testCase.message);
		expect(items[0].json.errorDetails).toMatch(testCase.hint);
	});
});

describe('Zoom\'s errors[] field messages', () => {
	const VALIDATION: Fault = {
		kind: 'status',
		status: 400,
		path: '/v2/phone/sms/messages',
		count: 1,
		// The shape of Zoom's validation failures in its OpenAPI ("Validation Failed." with errors[]).
		body: { code: 300, message: 'Validation Failed.', errors: [{ field: 'to_members[0].phone_number', message: 'The phone number is not SMS-capable.' }] },
	};

	test('are in the description of a failed send, with the hint for fixing fields; nothing is sent', async () => {
		sim.addFault(VALIDATION);
		const { error } = await new InProcessN8n(simulatorCredential(sim)).run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'x' }]);
		expect(error?.message).toBe('Item 0: Zoom answered 400 (code 300): Validation Failed.');
		expect(error?.description).toMatch(/^Zoom's details: to_members\[0\]\.phone_number: The phone number is not SMS-capable\. Zoom's validation failed for the fields/);
		expect(sim.messages).toHaveLength(0);
	});

	test('are in the error output\'s details (Continue using error output)', async () => {
		sim.addFault(VALIDATION);
		const { errorItems } = await new InProcessN8n(simulatorCredential(sim)).run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'x' }], {
			onError: 'continueErrorOutput',
		});
		expect(JSON.stringify(errorItems[0]?.json)).toContain('to_members[0].phone_number: The phone number is not SMS-capable');
	});

	test('the simulator\'s own validation failures carry them too (a Message → Get Many sort Zoom refuses)', async () => {
		const response = await fetch(`${sim.url}/v2/phone/sms/sessions/${S.alexCasey}?sort=7`, {
			headers: { authorization: `Bearer ${sim.issueToken()}` },
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ code: 300, errors: [{ field: 'sort', message: expect.any(String) }] });
	});
});

describe('a bug while reading is no credential failure', () => {
	test('an answer the node cannot handle fails that item as an unexpected error; the next item reads', async () => {
		// A 200 whose `attachments` is no list: normalizing it throws a TypeError inside the node.
		sim.addFault({ kind: 'status', status: 200, count: 1, body: { message_id: 'x', attachments: 'not-a-list' }, path: `/v2/phone/sms/sessions/${S.alexCasey}/messages/${SEED.mmsMessageId}` });
		const parameters = { resource: 'message', operation: 'get', sessionId: S.alexCasey, messageId: SEED.mmsMessageId };
		const { items, error } = await new InProcessN8n(simulatorCredential(sim)).run(parameters, [{}, {}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(/^Item 0: Unexpected error in the node \(TypeError: /);
		expect(`${String(items[0].json.error)} ${String(items[0].json.errorDetails)}`).not.toMatch(/access token|credential's/i);
		expect(items[0].json.errorDetails).toMatch(/not a credential problem/);
		expect(items[1].json).toMatchObject({ messageId: SEED.mmsMessageId });
	});
});
