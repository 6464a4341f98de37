/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error --
   test, never shipped: it runs the demo as a child process, drives Chromium and writes screenshots. */
/**
 * n8n's editor in a real browser (Debian's Chromium driven by playwright-core), against `npm run demo`
 * started as a user would (the package installed from its tarball, the Zoom simulator behind it): the
 * node is found in the node panel, its parameters show with the numbers the simulator lists, the
 * credential dialog tests the connection, and the demo's form sends an SMS. Screenshots go to
 * test-results/browser/; with UPDATE_DOCS_SCREENSHOTS=1 they are also copied to docs/images/ for the README.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import type { DemoState } from '../../scripts/demo';
import type { SimulatorState } from '../simulator/zoomSimulator';
import { REPO_ROOT } from '../e2e/n8nHarness';
import { isProcessAlive, startProcess, type ManagedProcess } from '../e2e/processes';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';

const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'browser');
const DOCS_IMAGES_DIR = join(REPO_ROOT, 'docs', 'images');
/** The SPA's first load on a busy 2-core machine can take half a minute. */
const UI_TIMEOUT = 120_000;

let demo: ManagedProcess;
let stateDir: string | undefined;
let state: DemoState;
let browser: Browser;
let context: BrowserContext;
const screenshots: string[] = [];

async function simulatorState(): Promise<SimulatorState> {
	const response = await fetch(`${state.simulatorUrl}/__sim/state`);
	return (await response.json()) as SimulatorState;
}

/** Saves the page (or just `element`) as test-results/browser/<name>.png. */
async function screenshot(page: Page, name: string, element?: Locator): Promise<void> {
	const path = join(RESULTS_DIR, `${name}.png`);
	// Let panels finish sliding in: a screenshot is for people, it should not catch a frame mid-animation.
	await page.waitForTimeout(1_000);
	await (element ?? page).screenshot({ path, animations: 'disabled' });
	screenshots.push(path);
}

/** A fresh tab for one test; on failure its screen is saved next to the other artifacts. */
async function withPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);
	try {
		await run(page);
	} catch (error) {
		await page.screenshot({ path: join(RESULTS_DIR, `failed-${name}.png`) }).catch(() => undefined);
		throw error;
	} finally {
		await page.close();
	}
}

async function openWorkflow(page: Page, workflowId: string): Promise<void> {
	await page.goto(`/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: UI_TIMEOUT });
	// n8n shows a "Production Checklist" over published workflows; it only hides the canvas in screenshots.
	const checklist = page.getByText('Production Checklist', { exact: true });
	await checklist.waitFor({ timeout: 3_000 }).catch(() => undefined);
	if (await checklist.isVisible()) {
		await checklist.locator('xpath=..').getByRole('button').first().click().catch(() => undefined);
	}
}

/** Opens the Zoom SMS node's panel (NDV) by double-clicking it on the canvas. */
async function openZoomSmsNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]', { hasText: 'Zoom SMS' }).dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.locator('[data-test-id="parameter-input-from"]').waitFor();
}

/** Hovers the "?" beside a parameter's label and waits for n8n's tooltip showing its description. */
async function expectDescriptionTooltip(page: Page, parameter: string, text: string): Promise<void> {
	const label = page.locator(`label[for="${parameter}"]`).first();
	await label.hover();
	await label.locator('[data-icon="circle-help"]').hover();
	await page.locator('[data-state="delayed-open"], [data-state="instant-open"]', { hasText: text }).first().waitFor();
	await page.mouse.move(0, 0);
}

beforeAll(async () => {
	rmSync(RESULTS_DIR, { recursive: true, force: true });
	mkdirSync(RESULTS_DIR, { recursive: true });
	const executablePath = ensureChromium();

	// The demo exactly as `npm run demo` runs it, on a free port, told to use the simulator whatever .env says.
	stateDir = mkdtempSync(join(tmpdir(), 'zoom-sms-demo-'));
	const stateFile = join(stateDir, 'state.json');
	const env = { ...process.env };
	delete env.NODE_ENV;
	demo = startProcess(
		'npm run demo',
		process.execPath,
		['--import', 'tsx', 'scripts/demo.ts', '--simulator', '--port', '0', '--state-file', stateFile, '--parent-pid', String(process.pid)],
		{ cwd: REPO_ROOT, env },
	);
	await demo.waitForLine(/Ctrl-C stops everything/, 300_000);
	state = JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState;
	expect(state.simulatorUrl).toBeDefined();

	browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
	context = await browser.newContext({ baseURL: state.editorUrl, viewport: { width: 1400, height: 900 } });
	// The login the demo printed, through the same REST call the sign-in page makes.
	const login = await context.request.post('/rest/login', { data: { emailOrLdapLoginId: state.email, password: state.password } });
	expect(login.status()).toBe(200);
});

afterAll(async () => {
	await browser?.close();
	if (demo) {
		// Ctrl-C, as a user stops the demo: it must stop n8n and the simulator and exit cleanly.
		demo.signal('SIGINT');
		const timer = setTimeout(() => void demo.stop(), 60_000);
		const status = await demo.exited;
		clearTimeout(timer);
		expect(demo.tail()).toContain('Stopped.');
		expect(status.code).toBe(0);
		if (state?.n8nPid) expect(isProcessAlive(state.n8nPid)).toBe(false);
	}
	if (stateDir) rmSync(stateDir, { recursive: true, force: true });
	if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
		mkdirSync(DOCS_IMAGES_DIR, { recursive: true });
		for (const path of screenshots) if (existsSync(path)) copyFileSync(path, join(DOCS_IMAGES_DIR, path.split('/').pop()!));
	}
});

test('the Zoom SMS node is found in the node panel by searching "SMS" and by searching "Zoom"', async () => {
	await withPage('node-search', async (page) => {
		await openWorkflow(page, state.formWorkflowId);
		for (const term of ['Zoom', 'SMS']) {
			await page.locator('[data-test-id="node-creator-plus-button"]').click();
			await page.locator('input[data-test-id="node-creator-search-bar"]').fill(term);
			await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Zoom SMS$/ }).first().waitFor();
			if (term === 'SMS') await screenshot(page, 'node-search');
			await page.keyboard.press('Escape');
		}
		// Choosing it lists its actions, Send among them.
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill('Zoom SMS');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Zoom SMS$/ }).first().click();
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Send an SMS$/ }).waitFor();
		// The package's one entry holds both nodes: the trigger's events as triggers beside the node's actions,
		// under the Zoom SMS node's description (n8n shows the trigger's description for a merged entry).
		await page.getByText('Send and read SMS through Zoom Phone').first().waitFor();
		expect(await page.getByText(/Starts the workflow when a Zoom Phone number receives or sends an SMS/).count()).toBe(0);
		// The triggers are folded when the workflow already has one: unfold and find the trigger's events.
		await page.getByText(/^Triggers \(\d+\)$/).first().click();
		await page.getByText(/^On SMS received$/i).first().waitFor();
		await page.getByText(/^On SMS etiquette warning$/i).first().waitFor();
		await page.getByText('Installed', { exact: true }).waitFor();
		await screenshot(page, 'node-actions');
	});
});

test('a Zoom SMS node added in the editor sends from the Automatic From: no number to choose', async () => {
	// The form workflow is published: what is added here stays in the editor's unsaved draft.
	await withPage('new-node-automatic', async (page) => {
		await openWorkflow(page, state.formWorkflowId);
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill('Zoom SMS');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Zoom SMS$/ }).first().click();
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Send an SMS$/ }).click();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		await page.locator('[data-test-id="parameter-input-from"]').waitFor();
		// The new node (version 1.1) starts on Automatic, with the hint saying to leave it empty, and no
		// "required" warning on From.
		await expect(page.locator('[data-test-id="rlc-mode-selector"] input').first().inputValue()).resolves.toBe('Automatic');
		await panel.getByText('Leave the field empty', { exact: false }).first().waitFor();
		expect(await page.locator('[data-test-id="parameter-input-from"]').getByText('Parameter "From" is required').count()).toBe(0);
		await screenshot(page, 'new-node-automatic');
	});
});

test('its panel shows From with the numbers loaded from Zoom, To, Message and the options, with their hints', async () => {
	// The schedule example is not published: editing it here (n8n saves drafts itself) changes nothing live.
	await withPage('node-panel', async (page) => {
		await openWorkflow(page, state.scheduleWorkflowId);
		await openZoomSmsNode(page);
		const panel = page.locator('[data-test-id="ndv"]');
		for (const label of ['Credential', 'From', 'To', 'Message', 'Options']) {
			await panel.getByText(label, { exact: true }).first().waitFor();
		}
		await page.locator('[data-test-id="node-credentials-select"] input').first().waitFor();
		expect(await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue()).toBe(state.credentialName);
		await panel.getByText('A number of your Zoom account, in E.164 format').waitFor();
		await expectDescriptionTooltip(page, 'to', 'Any common format works');
		await expectDescriptionTooltip(page, 'message', 'up to 1600 characters');

		await page.locator('[data-test-id="collection-parameter-add"]').click();
		const options = await page.locator('[data-test-id="collection-parameter-option"]').allTextContents();
		expect(options.map((option) => option.trim())).toEqual(expect.arrayContaining(['Long Messages', 'Requests per Second', 'Session ID', 'Timeout (Seconds)']));
		await page.keyboard.press('Escape');

		// From offers Automatic beside From List and By Number; Automatic needs no value and says so.
		await page.locator('[data-test-id="rlc-mode-selector"]').click();
		await page.locator('[data-test-id="mode-number"]').waitFor();
		await page.locator('[data-test-id="mode-automatic"]').click();
		await panel.getByText('Leave the field empty', { exact: false }).first().waitFor();
		await screenshot(page, 'from-automatic');

		// From → "From list": the editor asks the node, which asks Zoom for the account's numbers.
		const listRequestsBefore = (await simulatorState()).requests.byRoute['GET /v2/phone/numbers'] ?? 0;
		await page.locator('[data-test-id="rlc-mode-selector"]').click();
		await page.locator('[data-test-id="mode-list"]').click();
		await page.locator('[data-test-id="rlc-input"]').click();
		await page.locator('[data-test-id="rlc-item"]').first().waitFor();
		const listed = (await page.locator('[data-test-id="rlc-item"]').allTextContents()).map((item) => item.trim());
		const sim = await simulatorState();
		expect((sim.requests.byRoute['GET /v2/phone/numbers'] ?? 0) - listRequestsBefore).toBeGreaterThan(0);
		for (const number of sim.smsCapableNumbers) expect(listed.some((item) => item.startsWith(number))).toBe(true);
		// Each US number with its 10DLC campaign and status, as the editor shows them.
		expect(listed).toContain('+15550100001 — Alex Rivera · 10DLC "Appointment Reminders": active');
		expect(listed).toContain('+15550100004 — Jordan Lee · in no 10DLC campaign');
		await screenshot(page, 'node-panel');
	});
});

test('the Zoom SMS Polling Trigger is in the node panel; its Phone Numbers picker lists the account\'s numbers', async () => {
	// Added to the unpublished schedule example: a draft change, nothing live.
	await withPage('polling-trigger-panel', async (page) => {
		await openWorkflow(page, state.scheduleWorkflowId);
		// The panel test's tab had it open a moment ago: n8n offers to take over the edit.
		const takeOver = page.getByRole('button', { name: 'Edit here' });
		await takeOver.waitFor({ timeout: 5_000 }).catch(() => undefined);
		if (await takeOver.isVisible()) await takeOver.click();
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill('Zoom SMS Polling');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Zoom SMS Polling Trigger$/ }).first().click();
		// A community trigger opens its details in the node panel first.
		await page.getByRole('button', { name: 'Add to workflow' }).click();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		for (const label of ['Poll Times', 'Messages', 'Phone Numbers', 'Options']) await panel.getByText(label, { exact: true }).first().waitFor();
		await panel.getByText('so n8n needs no public URL', { exact: false }).first().waitFor();
		await panel.locator('[data-test-id="fixed-collection-phoneNumbers"] [data-test-id="fixed-collection-add"]').click();
		await panel.locator('[data-test-id="fixed-collection-phoneNumbers"] [data-test-id="rlc-input"]').first().click();
		await page.locator('[data-test-id="rlc-item"]').first().waitFor();
		const listed = (await page.locator('[data-test-id="rlc-item"]').allTextContents()).map((item) => item.trim());
		expect(listed).toContain('+15550100001 — Alex Rivera · 10DLC "Appointment Reminders": active');
		await screenshot(page, 'polling-trigger-panel');
	});
});

test('the credential dialog shows its fields, and its Test button succeeds', async () => {
	await withPage('credential-dialog', async (page) => {
		await openWorkflow(page, state.webhookWorkflowId);
		await openZoomSmsNode(page);
		await page.locator('[data-test-id="credential-edit-button"]').click();
		const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
		await dialog.waitFor();
		for (const field of ['environment', 'accountId', 'clientId', 'clientSecret', 'webhookSecretToken', 'oauthBaseUrl', 'apiBaseUrl']) {
			await dialog.locator(`[data-test-id="parameter-input-${field}"]`).waitFor();
		}
		for (const label of ['Environment', 'Account ID', 'Client ID', 'Client Secret', 'Webhook Secret Token', 'OAuth Base URL', 'API Base URL']) {
			// A label reads e.g. "Account ID *FixedExpression": the name, a star when required, the mode toggle.
			await dialog.locator('label').filter({ hasText: new RegExp(`^${label}( \\*)?(\\s|Fixed|$)`) }).first().waitFor({ state: 'attached' });
		}
		expect(await dialog.getByText('Shown on Zoom App Marketplace → Manage → your Server-to-Server OAuth app → App Credentials').count()).toBe(3);

		// Opening a saved credential tests it; Retry is the Test button. Each test lists one SMS conversation.
		const success = dialog.locator('[data-test-id="credentials-config-container-test-success"]');
		await success.waitFor();
		const testRequests = async () => (await simulatorState()).requests.byRoute['GET /v2/phone/sms/sessions'] ?? 0;
		const before = await testRequests();
		await success.getByRole('button', { name: 'Retry' }).click();
		for (let waited = 0; (await testRequests()) === before && waited < 30_000; waited += 250) await page.waitForTimeout(250);
		expect(await testRequests()).toBeGreaterThan(before);
		await success.getByRole('button', { name: 'Retry' }).waitFor();
		await expect(success.textContent()).resolves.toContain('Connection tested successfully');
		await screenshot(page, 'credential-dialog', page.locator('[data-test-id="editCredential-modal"]'));
	});
});

test("submitting the demo's form sends the SMS", async () => {
	await withPage('form', async (page) => {
		const before = (await simulatorState()).messagesAccepted;
		await page.goto(state.formUrl);
		await page.getByLabel('Name').fill('Riley');
		await page.getByLabel('Phone').fill('(514) 555-1234');
		await page.getByLabel('Message').fill('your table is ready.');
		await screenshot(page, 'form');
		await page.getByRole('button', { name: 'Submit' }).click();
		await page.locator('#submitted-header', { hasText: 'Form Submitted' }).waitFor({ timeout: 60_000 });

		const sim = await simulatorState();
		const received = (sim.messages ?? []).slice(before);
		expect(received.map((message) => [message.sender, message.toMembers, message.message])).toEqual([
			['+15550100001', ['+15145551234'], 'Hi Riley, your table is ready.'],
		]);
		// The demo prints each SMS the simulator receives.
		await demo.waitForLine(/SMS \+15550100001 → \+15145551234: "Hi Riley, your table is ready\."/, 10_000);
	});
});

test("texting the demo's number as its banner shows: the auto-reply workflow (Zoom SMS Trigger) answers", async () => {
	// The banner's curl command, as a user would paste it.
	const command = demo.lines.join('\n').match(/curl -X POST (\S+\/__sim\/inbound)[^\n]*\n\s*-d '([^']+)'/);
	expect(command).not.toBeNull();
	const [, url, body] = command!;
	const before = (await simulatorState()).messagesAccepted;
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	expect(response.status).toBe(200);
	const { from, to } = JSON.parse(body) as { from: string; to: string };
	await demo.waitForLine(new RegExp(`SMS \\${to} → \\${from}: "Thanks for your message! We got: \\\\"Is my order ready\\?\\\\"`), 30_000);
	const received = ((await simulatorState()).messages ?? []).slice(before);
	expect(received.map((message) => [message.sender, message.toMembers])).toEqual([[to, [from]]]);
});
