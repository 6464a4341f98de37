/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   a developer command, never shipped: it reads .env and prints to the terminal. */
/**
 * `npm run send -- <to> "<message>"`: sends one SMS with the real Zoom SMS node, run by n8n's engine.
 * With ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET in .env it sends through Zoom, from
 * ZOOM_SMS_FROM when set, else from the node's Automatic From (the number of the token's Zoom user, or the
 * account's only number; see nodes/shared/senderChoice.ts). Without them it starts the bundled Zoom
 * simulator on 127.0.0.1 (an app with the Automatic From's scopes) and shows what Zoom received.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InProcessN8n } from '../test/helpers/n8nEngine';
import { AUTOMATIC_SENDER_SCOPES, DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../test/simulator/zoomSimulator';

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
			'Real Zoom: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET in .env (see .env.example).\n' +
			'  The number that sends is chosen automatically; set ZOOM_SMS_FROM=+1… to pick it.\n' +
			'Without them the message goes to the built-in Zoom simulator.\n',
	);
	process.exit(2);
}

async function main(): Promise<void> {
	loadDotEnv(join(__dirname, '..', '.env'));
	const [to, ...words] = process.argv.slice(2);
	const message = words.join(' ');
	if (!to || !message) usage();

	const { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_SMS_FROM, ZOOM_ENVIRONMENT, ZOOM_OAUTH_BASE_URL, ZOOM_API_BASE_URL } = process.env;
	const real = Boolean(ZOOM_ACCOUNT_ID || ZOOM_CLIENT_ID || ZOOM_CLIENT_SECRET);
	let sim: ZoomSimulator | undefined;
	let credential;
	/** ZOOM_SMS_FROM when set; otherwise the node chooses (From → Automatic). */
	let from: string | undefined;
	if (real) {
		credential = {
			environment: ZOOM_ENVIRONMENT || 'zoom',
			accountId: ZOOM_ACCOUNT_ID ?? '',
			clientId: ZOOM_CLIENT_ID ?? '',
			clientSecret: ZOOM_CLIENT_SECRET ?? '',
			// ZOOM_ENVIRONMENT=custom: the credential's Custom environment (a proxy, or the simulator in tests).
			...(ZOOM_ENVIRONMENT === 'custom' ? { oauthBaseUrl: ZOOM_OAUTH_BASE_URL ?? '', apiBaseUrl: ZOOM_API_BASE_URL ?? '' } : {}),
		};
		from = ZOOM_SMS_FROM || undefined;
		process.stdout.write(`Sending through Zoom (${credential.environment}) ${from ? `from ${from} (ZOOM_SMS_FROM)` : 'from the number Zoom\'s account makes unambiguous (no ZOOM_SMS_FROM)'}…\n`);
	} else {
		sim = await startZoomSimulator({ scopes: [...AUTOMATIC_SENDER_SCOPES] });
		credential = { environment: 'custom', oauthBaseUrl: sim.url, apiBaseUrl: `${sim.url}/v2`, ...DEFAULT_CREDENTIALS };
		process.stdout.write(`No Zoom credentials in .env: using the built-in Zoom simulator at ${sim.url}.\n`);
	}

	try {
		const n8n = new InProcessN8n(credential);
		const { items, error } = await n8n.run(
			{ resource: 'message', operation: 'send', from: { __rl: true, mode: from ? 'number' : 'automatic', value: from ?? '' }, to, message },
			[{}],
			{ typeVersion: 1.1 },
		);
		if (error) {
			process.stdout.write(`\n✗ ${error.message}\n${error.description ? `  ${error.description}\n` : ''}`);
			process.exitCode = 1;
			return;
		}
		const sent = items[0].json;
		process.stdout.write(`\n✓ Sent from ${String(sent.from)}: ${sent.fromReason ? String(sent.fromReason) : 'ZOOM_SMS_FROM in .env'}.\n`);
		process.stdout.write(`\nZoom SMS node output:\n${JSON.stringify(sent, null, 2)}\n`);
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
