/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   a developer command, never shipped: it runs n8n and the simulator, reads .env and prints to the terminal. */
/**
 * `npm run demo`: a real n8n with this package installed from its tarball, the Zoom simulator, a Zoom SMS
 * API credential pointing at it, and the example workflows imported ("form → Zoom SMS" and "CRM webhook →
 * Zoom SMS" published; on the simulator also "Zoom SMS Trigger → auto-reply", which the banner's Reply command
 * texts through the simulator). Open the form, send a text, watch it arrive. With ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID,
 * ZOOM_CLIENT_SECRET and ZOOM_SMS_FROM in .env, the same demo sends through your Zoom account instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadWorkflow, N8nInstance, n8nVersion, packagedTarball, removePackedTarball, type N8nCredential, type N8nRestClient, type N8nServer, type N8nWorkflow } from '../test/e2e/n8nHarness';
import { isPortFree, isProcessAlive } from '../test/e2e/processes';
import { CONSENT_SCOPES } from '../test/simulator/campaigns';
import { SEED } from '../test/simulator/seed';
import { DEMO_DELIVERY_TIMELINE } from '../test/simulator/deliveryTimeline';
import { DEFAULT_CREDENTIALS, startZoomSimulator, type AcceptedMessage, type ZoomSimulator } from '../test/simulator/zoomSimulator';

const CREDENTIAL_ID = 'demoZoomSmsCred01';
const FORM_WORKFLOW_ID = 'demoFormToSms0001';
const WEBHOOK_WORKFLOW_ID = 'demoWebhookSms001';
const SCHEDULE_WORKFLOW_ID = 'demoScheduleSms01';
const CONSENT_WORKFLOW_ID = 'demoConsentSms001';
const AUTO_REPLY_WORKFLOW_ID = 'demoAutoReply0001';
/** The simulated app's Secret Token, in the demo's credential: the Zoom SMS Trigger checks every event's signature with it. */
const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret-token';
const FORM_PATH = 'send-sms';
const OWNER_EMAIL = 'demo@example.com';

interface Flags {
	port?: number;
	/** Ignore Zoom credentials in .env and use the simulator. */
	simulator: boolean;
	submitOnce: boolean;
	to?: string;
	stateFile?: string;
	parentPid?: number;
	verbose: boolean;
}

/** What --state-file receives: everything a test needs to drive the demo. */
export interface DemoState {
	editorUrl: string;
	formUrl: string;
	webhookUrl: string;
	email: string;
	password: string;
	formWorkflowId: string;
	webhookWorkflowId: string;
	/** Not published (it would text the contacts every morning): a safe place to edit in the editor. */
	scheduleWorkflowId: string;
	/** Zoom SMS Trigger → reply; published only on the simulator (Zoom could not reach this n8n). */
	autoReplyWorkflowId: string;
	credentialId: string;
	credentialName: string;
	/** The simulator's base URL, when the demo uses it. */
	simulatorUrl?: string;
	n8nPid?: number;
	demoPid: number;
}

const USAGE = `Usage: npm run demo [-- flags]
  --port <n>           the editor's port (default 5678 when free; 0: any free port)
  --simulator          use the Zoom simulator even when .env has Zoom credentials
  --submit-once        submit the form once, wait for the SMS, print it and exit (exit 1 if it fails)
  --to <number>        the recipient for --submit-once with real Zoom credentials (required there)
  --state-file <path>  write the URLs and login as JSON once ready (for tests)
  --parent-pid <pid>   stop when that process is gone (for tests)
  --verbose            show n8n's log
Real Zoom: put ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_SMS_FROM in .env (see .env.example).
`;

function usage(message?: string): never {
	if (message) process.stderr.write(`${message}\n\n`);
	process.stderr.write(USAGE);
	process.exit(2);
}

function parseFlags(argv: string[]): Flags {
	const flags: Flags = { simulator: false, submitOnce: false, verbose: false };
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		const value = () => {
			const next = argv[++index];
			if (next === undefined) usage(`${arg} needs a value`);
			return next;
		};
		if (arg === '--port') flags.port = Number(value());
		else if (arg === '--submit-once' || arg === '--ci') flags.submitOnce = true;
		else if (arg === '--simulator') flags.simulator = true;
		else if (arg === '--to') flags.to = value();
		else if (arg === '--state-file') flags.stateFile = value();
		else if (arg === '--parent-pid') flags.parentPid = Number(value());
		else if (arg === '--verbose') flags.verbose = true;
		else if (arg === '--help' || arg === '-h') usage();
		else usage(`Unknown flag ${arg}`);
	}
	return flags;
}

function loadDotEnv(file: string): void {
	if (!existsSync(file)) return;
	for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (!match || line.trimStart().startsWith('#')) continue;
		process.env[match[1]] ??= match[2].replace(/^(['"])(.*)\1$/, '$2');
	}
}

function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

function time(): string {
	return new Date().toTimeString().slice(0, 8);
}

function describeSms(message: AcceptedMessage): string {
	return `[${time()}] SMS ${message.sender} → ${message.toMembers.join(', ')}: ${JSON.stringify(message.message ?? '')}`;
}

/** A password n8n accepts (8+ characters, a digit, an upper-case letter), new for every demo. */
function newPassword(): string {
	return `Demo-${randomBytes(6).toString('hex')}-A1`;
}

interface Target {
	credential: N8nCredential;
	from: string;
	sim?: ZoomSimulator;
	label: string;
}

async function chooseTarget(useSimulator: boolean, onSms: (message: AcceptedMessage) => void): Promise<Target> {
	const { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_SMS_FROM, ZOOM_ENVIRONMENT } = process.env;
	if (!useSimulator && (ZOOM_ACCOUNT_ID || ZOOM_CLIENT_ID || ZOOM_CLIENT_SECRET)) {
		if (!ZOOM_ACCOUNT_ID || !ZOOM_CLIENT_ID || !ZOOM_CLIENT_SECRET || !ZOOM_SMS_FROM) {
			usage('.env has Zoom credentials but not all of ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_SMS_FROM (see .env.example).');
		}
		const environment = ZOOM_ENVIRONMENT || 'zoom';
		return {
			credential: {
				id: CREDENTIAL_ID,
				name: 'Zoom SMS account',
				type: 'zoomSmsApi',
				data: { environment, accountId: ZOOM_ACCOUNT_ID, clientId: ZOOM_CLIENT_ID, clientSecret: ZOOM_CLIENT_SECRET },
			},
			from: ZOOM_SMS_FROM,
			label: `your Zoom account (${environment}), from ${ZOOM_SMS_FROM}`,
		};
	}
	// Delivery statuses move as a carrier's receipts would (Send → Wait for Delivery), and a toll-free and a
	// UK number of Sam Lee's text several recipients one by one, as Zoom does.
	const sim = await startZoomSimulator({ onMessage: onSms, deliveryStatusRules: [], deliveryTimeline: [...DEMO_DELIVERY_TIMELINE], seed: { oneToOneSenders: true }, webhookSecretToken: DEMO_WEBHOOK_SECRET });
	return {
		sim,
		credential: {
			id: CREDENTIAL_ID,
			name: 'Zoom SMS (simulator)',
			type: 'zoomSmsApi',
			data: { environment: 'custom', oauthBaseUrl: sim.url, apiBaseUrl: `${sim.url}/v2`, ...DEFAULT_CREDENTIALS, webhookSecretToken: DEMO_WEBHOOK_SECRET },
		},
		from: SEED.accountNumbers.alex,
		label: `the Zoom simulator at ${sim.url} (no Zoom account needed), from ${SEED.accountNumbers.alex}`,
	};
}

/** The examples, pointed at the demo's credential and sender number. */
function demoWorkflows(target: Target): N8nWorkflow[] {
	const credential = { id: target.credential.id, name: target.credential.name };
	const workflows = [
		loadWorkflow('examples/form-to-sms.json', { id: FORM_WORKFLOW_ID, credential }),
		loadWorkflow('examples/webhook-to-sms.json', { id: WEBHOOK_WORKFLOW_ID, credential }),
		loadWorkflow('examples/schedule-to-sms.json', { id: SCHEDULE_WORKFLOW_ID, credential }),
		loadWorkflow('examples/consent-aware-campaign.json', { id: CONSENT_WORKFLOW_ID, credential }),
		loadWorkflow('examples/sms-auto-reply.json', { id: AUTO_REPLY_WORKFLOW_ID, credential }),
	];
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			const from = node.parameters.from as { value?: string } | undefined;
			// A fixed From becomes the demo's number; an expression (the auto-reply's number that was texted) stays.
			if (from && typeof from === 'object' && !from.value?.startsWith('=')) from.value = target.from;
		}
	}
	return workflows;
}

/** Prints each execution of the demo's workflows once it has finished. */
function watchExecutions(rest: N8nRestClient, editorUrl: string): () => void {
	const seen = new Set<string>();
	let stopped = false;
	let first = true;
	const poll = async () => {
		while (!stopped) {
			try {
				const page = await rest.request<{ results: Array<{ id: string; workflowId: string; status: string; stoppedAt?: string | null }> }>('GET', '/executions?limit=20');
				for (const execution of [...page.results].reverse()) {
					if (seen.has(execution.id) || !execution.stoppedAt) continue;
					seen.add(execution.id);
					if (first) continue;
					const link = `${editorUrl}/workflow/${execution.workflowId}/executions/${execution.id}`;
					say(`[${time()}] Execution ${execution.id} ${execution.status === 'success' ? 'succeeded' : execution.status}: ${link}`);
				}
				first = false;
			} catch {
				// n8n is stopping, or busy: try again.
			}
			await new Promise((resolve) => setTimeout(resolve, 1500));
		}
	};
	void poll();
	return () => {
		stopped = true;
	};
}

async function submitForm(server: N8nServer, to: string): Promise<void> {
	const form = new FormData();
	form.append('field-0', 'Casey');
	form.append('field-1', to);
	form.append('field-2', 'this text came from the n8n form demo.');
	const response = await fetch(server.formUrl(FORM_PATH), { method: 'POST', body: form });
	const body = await response.text();
	if (!response.ok) throw new Error(`The form answered ${response.status}: ${body.slice(0, 500)}`);
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2));
	loadDotEnv(join(__dirname, '..', '.env'));

	let stopping: Promise<void> | undefined;
	let n8n: N8nInstance | undefined;
	let target: Target | undefined;
	let packedTarball: string | undefined;
	let stopWatching = () => {};
	const stop = async (code: number) => {
		stopping ??= (async () => {
			stopWatching();
			say('\nStopping n8n and the simulator…');
			await n8n?.stop().catch(() => undefined);
			await target?.sim?.stop().catch(() => undefined);
			if (packedTarball) removePackedTarball(packedTarball);
			if (flags.stateFile) rmSync(flags.stateFile, { force: true });
			say('Stopped.');
			process.exit(code);
		})();
		await stopping;
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
	if (flags.parentPid) {
		setInterval(() => {
			if (!isProcessAlive(flags.parentPid!)) void stop(0);
		}, 1000).unref();
	}

	try {
		target = await chooseTarget(flags.simulator, (message) => say(describeSms(message)));
		// The consent example (Send's Opted-Out Recipients, Opt Status → Update) reads campaigns and opt statuses.
		target.sim?.configure({ scopes: [...target.sim.currentConfig.scopes, ...CONSENT_SCOPES] });
		say(`Zoom SMS demo: n8n ${n8nVersion()} with n8n-nodes-zoom-sms, sending through ${target.label}.`);
		say('Packing the package and installing the tarball into a fresh n8n…');
		const givenTarball = process.env.ZOOM_SMS_E2E_TARBALL;
		const tarball = await packagedTarball();
		if (tarball !== givenTarball) packedTarball = tarball;
		n8n = await N8nInstance.create({
			tarball,
			echo: flags.verbose ? (line) => process.stderr.write(`[n8n] ${line}\n`) : undefined,
		});
		await n8n.importCredentials([target.credential]);
		await n8n.importWorkflows(demoWorkflows(target));

		say('Starting n8n (about 15–40 seconds)…');
		// n8n's usual port when it is free; --port 0 (or 5678 taken) means any free port.
		const port = flags.port || (flags.port === undefined && (await isPortFree(5678)) ? 5678 : undefined);
		const server = await n8n.start({ port });
		const password = newPassword();
		const rest = await server.ownerSession({ email: OWNER_EMAIL, password, firstName: 'Demo', lastName: 'User' });
		await rest.publishWorkflow(FORM_WORKFLOW_ID);
		await rest.publishWorkflow(WEBHOOK_WORKFLOW_ID);
		await rest.publishWorkflow(CONSENT_WORKFLOW_ID);
		// Its trigger registers its URL with the simulator's event-subscription API, as it would with Zoom.
		if (target.sim) await rest.publishWorkflow(AUTO_REPLY_WORKFLOW_ID);

		const state: DemoState = {
			editorUrl: server.baseUrl,
			formUrl: server.formUrl(FORM_PATH),
			webhookUrl: server.webhookUrl('crm-sms'),
			email: OWNER_EMAIL,
			password,
			formWorkflowId: FORM_WORKFLOW_ID,
			webhookWorkflowId: WEBHOOK_WORKFLOW_ID,
			scheduleWorkflowId: SCHEDULE_WORKFLOW_ID,
			autoReplyWorkflowId: AUTO_REPLY_WORKFLOW_ID,
			credentialId: target.credential.id,
			credentialName: target.credential.name,
			simulatorUrl: target.sim?.url,
			n8nPid: server.process.pid,
			demoPid: process.pid,
		};
		// Before the banner: a caller that waits for the banner's last line may read it at once.
		if (flags.stateFile) writeFileSync(flags.stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
		say('');
		say(`  Editor   ${state.editorUrl}/workflow/${FORM_WORKFLOW_ID}`);
		say(`           log in as ${OWNER_EMAIL} / ${password}`);
		say(`  Form     ${state.formUrl}`);
		say(`  Consent  ${server.formUrl('sms-consent')} (then run "Every Monday at 10" in ${state.editorUrl}/workflow/${CONSENT_WORKFLOW_ID})`);
		say(`  Webhook  curl -X POST ${state.webhookUrl} -H 'content-type: application/json' \\`);
		say(`             -d '{"name":"Casey","phone":"(555) 765-4321","message":"your order is ready."}'`);
		if (target.sim) {
			say(`  Reply    text the demo's number as a phone would; the auto-reply workflow (Zoom SMS Trigger) answers:`);
			say(`           curl -X POST ${target.sim.url}/__sim/inbound -H 'content-type: application/json' \\`);
			say(`             -d '{"from":"${SEED.contacts.casey}","to":"${target.from}","message":"Is my order ready?"}'`);
		}
		say(target.sim ? '  Every SMS the simulated Zoom receives is printed below.' : '  Messages go to real phones through Zoom.');
		say('  Ctrl-C stops everything.');
		say('');
		stopWatching = watchExecutions(rest, server.baseUrl);

		if (flags.submitOnce) {
			const to = flags.to ?? (target.sim ? '(555) 765-4321' : undefined);
			if (!to) usage('--submit-once with real Zoom credentials needs --to <your phone number>.');
			const before = target.sim?.messages.length ?? 0;
			say(`Submitting the form once (to ${to})…`);
			await submitForm(server, to);
			if (target.sim) {
				const received = target.sim.messages.slice(before);
				if (received.length !== 1) throw new Error(`The simulator received ${received.length} messages, expected 1.`);
			}
			say('The form sent the SMS.');
			await stop(0);
		}
	} catch (error) {
		process.stderr.write(`\n✗ ${error instanceof Error ? error.message : String(error)}\n`);
		await stop(1);
	}
}

void main();
