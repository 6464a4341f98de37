/**
 * The credential's Test button through n8n's engine (the way n8n's CredentialsTester runs a declarative
 * test, see InProcessN8n.testCredential) against the simulator: an app with send-only scopes passes (the
 * read it is refused, 4711, proves Zoom accepted the token), and what really is wrong still fails.
 */
import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

/** What an app gets when only sending is set up: the granular scope Zoom's OpenAPI lists for Send SMS. */
const SEND_ONLY_SCOPES = ['phone:read:sms_message:admin'];

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

function n8n(): InProcessN8n {
	return new InProcessN8n(simulatorCredential(sim));
}

describe('the credential Test', () => {
	test('passes with send-only scopes, and that credential does send', async () => {
		sim.configure({ scopes: SEND_ONLY_SCOPES });
		const engine = n8n();
		expect(await engine.testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
		// The Test reached Zoom, which refused the read for the missing scope (not the token).
		expect(sim.requestLogEntries().filter((entry) => entry.route === 'GET /v2/phone/sms/sessions').map((entry) => entry.status)).toEqual([400]);
		const { error } = await engine.run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'send-only app' }]);
		expect(error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
	});

	test('passes with every scope', async () => {
		expect(await n8n().testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test.each([
		['Zoom says the account does not exist (400, code 2001)', { status: 400, body: { code: 2001, message: 'Account does not exist.' } }, /Account ID/],
		['Zoom refuses Zoom Phone (403)', { status: 403 }, /refused access to Zoom Phone SMS/],
		['the API Base URL is wrong (404)', { status: 404 }, /API Base URL is wrong/],
		['Zoom has a server error (503)', { status: 503, count: 5 }, /503|Service Unavailable/],
		['Zoom rejects the token (401, code 124)', { status: 401, body: { code: 124, message: 'Invalid access token.' }, count: 3 }, /rejected the access token/],
	])('fails when %s', async (_, fault, message) => {
		sim.addFault({ kind: 'status', path: '/v2/phone/sms/sessions', ...fault });
		const result = await n8n().testCredential();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});
});
