/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test, never shipped: a made-up wrong secret for the simulator. */
/**
 * The From list in the real n8n (issue 12, item 7): the editor's request for a resource locator's list,
 * answered by n8n running the installed package's `searchSenderNumbers` with a stored credential, against
 * a simulator whose account has a common-area phone and two 10DLC campaigns.
 */
import { SEED } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { N8nInstance, NODE_TYPE, type N8nCredential, type N8nRestClient, type N8nServer } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

const N = SEED.accountNumbers;

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let credential: N8nCredential;
let wrongSecret: N8nCredential;

beforeAll(async () => {
	sim = await startZoomSimulator({ seed: { commonArea: true }, scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES] });
	credential = simulatorCredential(sim.url, 'e2eZoomSmsList001', 'Zoom SMS (From list)');
	wrongSecret = simulatorCredential(sim.url, 'e2eZoomSmsListBad', 'Zoom SMS (wrong secret)', { clientSecret: 'e2e-list-wrong-secret' });
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential, wrongSecret]);
	server = await n8n.start();
	rest = await server.ownerSession();
});

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

function fromList(filter?: string, using: N8nCredential = credential) {
	return rest.resourceLocatorResults({
		nodeType: NODE_TYPE,
		version: 1.1,
		path: 'from',
		methodName: 'searchSenderNumbers',
		parameters: { resource: 'message', operation: 'send' },
		credential: using,
		...(filter !== undefined ? { filter } : {}),
	});
}

describe('the From list in n8n\'s editor', () => {
	test('offers the numbers that can send, not the common-area phone\'s, each with its 10DLC campaign status', async () => {
		const { results } = await fromList();
		expect(results).toEqual([
			{ name: `${N.alex} — Alex Rivera · 10DLC "Appointment Reminders": active`, value: N.alex },
			{ name: `${N.support} — Support · 10DLC "Appointment Reminders": active`, value: N.support },
			{ name: `${N.mainLine} — Main Line · 10DLC "Spring Promotions": pending`, value: N.mainLine },
			{ name: `${N.noSms} — Jordan Lee · in no 10DLC campaign`, value: N.noSms },
		]);
		expect(sim.state().numbers.map((n) => n.number)).toContain(SEED.commonAreaNumber);
	});

	test('a credential Zoom refuses is reported as a credential failure (not as an unexpected error)', async () => {
		// The credential's ZoomCredentialError reaches the node through n8n's real helpers, recognised by name.
		const failed = await fromList(undefined, wrongSecret).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failed?.message).toMatch(/Could not list the account's phone numbers: No access token from Zoom, so nothing was sent/);
		expect(failed?.message).not.toMatch(/Unexpected error|e2e-list-wrong-secret/);
	});

	test('without the campaign scopes, the same numbers without a status', async () => {
		sim.configure({ scopes: [...DEFAULT_SCOPES] });
		// Tokens keep the scopes they were issued with, as on Zoom: revoke n8n's stored one so it fetches another.
		sim.revokeTokens();
		const { results } = await fromList('support');
		expect(results).toEqual([{ name: `${N.support} — Support`, value: N.support }]);
	});
});
