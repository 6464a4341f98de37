/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions --
   test, never shipped: it runs the developer command `npm run send` as a process. */
/**
 * `npm run send -- <to> "<message>"` (scripts/send.ts) as a user runs it: only the three values of the
 * design note (Client ID, Client Secret, Account ID), no ZOOM_SMS_FROM. The Custom environment points the
 * script at a simulator standing in for Zoom.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { SEED } from '../simulator/seed';
import { AUTOMATIC_SENDER_SCOPES, DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const ROOT = join(__dirname, '..', '..');

function runSend(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'send.ts'), ...args], {
			cwd: ROOT,
			// Values set here win over a developer's .env (the script only fills in what is unset).
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '', ZOOM_SMS_FROM: '', ZOOM_ENVIRONMENT: '', ...env },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

function threeValues(sim: ZoomSimulator): Record<string, string> {
	return {
		ZOOM_ACCOUNT_ID: DEFAULT_CREDENTIALS.accountId,
		ZOOM_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
		ZOOM_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
		ZOOM_ENVIRONMENT: 'custom',
		ZOOM_OAUTH_BASE_URL: sim.url,
		ZOOM_API_BASE_URL: `${sim.url}/v2`,
	};
}

const started: ZoomSimulator[] = [];
afterAll(async () => {
	await Promise.all(started.map(async (sim) => await sim.stop()));
});

describe('npm run send with only the three credentials', () => {
	// Each run starts n8n's engine in a new process (about 30 s on a busy machine): run them side by side.
	test.concurrent('sends from the token user\'s only number and says so', async () => {
		const sim = await startZoomSimulator({ scopes: [...AUTOMATIC_SENDER_SCOPES] });
		started.push(sim);
		const { code, stdout } = await runSend(['5557654321', 'Hello', 'from', 'the', 'CLI'], threeValues(sim));
		expect(code).toBe(0);
		expect(sim.messages.map((message) => [message.sender, message.toMembers, message.message])).toEqual([
			[SEED.accountNumbers.alex, [SEED.contacts.casey], 'Hello from the CLI'],
		]);
		expect(stdout).toContain(`✓ Sent from ${SEED.accountNumbers.alex}: the only number of Alex Rivera, the Zoom user of the app's token`);
		expect(stdout).not.toContain(DEFAULT_CREDENTIALS.clientSecret);
	}, 60_000);

	test.concurrent('an ambiguous account: exit 1, the numbers listed, nothing sent', async () => {
		const sim = await startZoomSimulator({ scopes: [...AUTOMATIC_SENDER_SCOPES], seed: { alexExtraNumbers: 1 } });
		started.push(sim);
		const { code, stdout } = await runSend(['+15557654321', 'Hello'], threeValues(sim));
		expect(code).toBe(1);
		expect(sim.messages).toHaveLength(0);
		expect(stdout).toMatch(/✗ Item 0: The Automatic From cannot choose between 2 numbers/);
		expect(stdout).toContain('+15550100002 (Support)');
		expect(stdout).toMatch(/ZOOM_SMS_FROM|By Number/);
	}, 60_000);

	test.concurrent('without credentials it sends to the built-in simulator', async () => {
		const { code, stdout } = await runSend(['+15557654321', 'Hello'], {});
		expect(code).toBe(0);
		expect(stdout).toContain('using the built-in Zoom simulator');
		expect(stdout).toContain(`✓ Sent from ${SEED.accountNumbers.alex}`);
		expect(stdout).toContain('POST /v2/phone/sms/messages');
	}, 60_000);
});
