/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   a developer command, never shipped: it reads .env and prints to the terminal. */
/**
 * `npm run send -- <to> "<message>"`: sends one SMS with the real Zoom SMS node, run by n8n's engine.
 * With ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_SMS_FROM in .env it sends through
 * Zoom; without them it starts the bundled Zoom simulator on 127.0.0.1 and shows what Zoom received.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InProcessN8n } from '../test/helpers/n8nEngine';
import { SEED } from '../test/simulator/seed';
import { DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../test/simulator/zoomSimulator';

function loadDotEnv(file: string): void {
	if (!existsSync(file)) return;
	for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (!match || line.trimStart().startsWith('#')) continue;
		const value = match[2].replace(/^(['"])(.*)\1$/, '$2');
		process.env[match[1]] ??= value;
	}
}

function usage(): never {
	process.stderr.write(
		'Usage: npm run send -- <to> "<message>"\n' +
			'  <to>       the recipient, e.g. +15551234567, 5551234567 or "(514) 555-1234"\n' +
			'  <message>  the text, up to 1600 characters\n' +
			'Real Zoom: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_SMS_FROM in .env (see .env.example).\n' +
			'Without them the message goes to the built-in Zoom simulator.\n',
	);
	process.exit(2);
}

async function main(): Promise<void> {
	loadDotEnv(join(__dirname, '..', '.env'));
	const [to, ...words] = process.argv.slice(2);
	const message = words.join(' ');
	if (!to || !message) usage();

	const { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_SMS_FROM, ZOOM_ENVIRONMENT } = process.env;
	const real = Boolean(ZOOM_ACCOUNT_ID || ZOOM_CLIENT_ID || ZOOM_CLIENT_SECRET);
	let sim: ZoomSimulator | undefined;
	let credential;
	let from: string;
	if (real) {
		if (!ZOOM_SMS_FROM) {
			process.stderr.write('ZOOM_SMS_FROM is not set: add the SMS-capable Zoom Phone number that sends, e.g. ZOOM_SMS_FROM=+15551234567, to .env.\n');
			process.exit(2);
		}
		credential = { environment: ZOOM_ENVIRONMENT || 'zoom', accountId: ZOOM_ACCOUNT_ID ?? '', clientId: ZOOM_CLIENT_ID ?? '', clientSecret: ZOOM_CLIENT_SECRET ?? '' };
		from = ZOOM_SMS_FROM;
		process.stdout.write(`Sending through Zoom (${credential.environment}) from ${from}…\n`);
	} else {
		sim = await startZoomSimulator();
		credential = { environment: 'custom', oauthBaseUrl: sim.url, apiBaseUrl: `${sim.url}/v2`, ...DEFAULT_CREDENTIALS };
		from = SEED.accountNumbers.alex;
		process.stdout.write(`No Zoom credentials in .env: using the built-in Zoom simulator at ${sim.url}, sending from ${from}.\n`);
	}

	try {
		const n8n = new InProcessN8n(credential);
		const { items, error } = await n8n.run(
			{ resource: 'message', operation: 'send', from: { __rl: true, mode: 'number', value: from }, to, message },
			[{}],
		);
		if (error) {
			process.stdout.write(`\n✗ ${error.message}\n${error.description ? `  ${error.description}\n` : ''}`);
			process.exitCode = 1;
			return;
		}
		process.stdout.write(`\n✓ Zoom SMS node output:\n${JSON.stringify(items[0].json, null, 2)}\n`);
		if (sim) {
			process.stdout.write(`\nWhat the simulated Zoom received (${sim.tokenRequests} token request, ${sim.messages.length} message${sim.messages.length === 1 ? '' : 's'}):\n`);
			for (const received of sim.messages) {
				process.stdout.write(`  POST /v2/phone/sms/messages  ${JSON.stringify(received.body)}\n`);
			}
		}
	} finally {
		await sim?.stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
