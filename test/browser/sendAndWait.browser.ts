/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test, never shipped: it drives Chromium and writes screenshots. */
/**
 * Send and Wait's answer page in a real browser (Debian's Chromium, a phone-sized window): the link from
 * the text Zoom accepted opens the page, its Decline button is pressed, and the waiting execution of the
 * real n8n resumes with approved: false. What a fetch-based test cannot show: that the page's own security
 * headers (no framing, nothing loaded, form posts to itself) let a browser submit it.
 * Screenshot: test-results/browser/send-and-wait-page.png (with UPDATE_DOCS_SCREENSHOTS=1 also docs/images/, for the README).
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from 'n8n-workflow';
import { chromium, type Browser } from 'playwright-core';

import { CREDENTIAL_TYPE, N8nInstance, NODE_TYPE, REPO_ROOT, type N8nRestClient, type N8nServer } from '../e2e/n8nHarness';
import { simulatorCredential } from '../e2e/workflows';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';

const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'browser');
const WORKFLOW_ID = 'browserAskApprove1';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(RESULTS_DIR, { recursive: true });
	sim = await startZoomSimulator();
	const credential = simulatorCredential(sim.url, 'browserZoomSmsAsk1', 'Zoom SMS (browser)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([
		{
			id: WORKFLOW_ID,
			name: 'browser send and wait',
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: randomUUID(), name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: randomUUID(),
					name: 'Zoom SMS',
					type: NODE_TYPE,
					typeVersion: 1.1,
					position: [220, 0],
					parameters: {
						resource: 'message',
						operation: 'sendAndWait',
						from: { __rl: true, mode: 'number', value: SEED.accountNumbers.alex },
						to: SEED.contacts.casey,
						message: 'Hi Casey, approve the refund of order 1042 ($80)?',
						approvalOptions: { values: { approvalType: 'double' } },
					},
					credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Manual: { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] } },
		},
	]);
	server = await n8n.start();
	rest = await server.ownerSession();
	browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await sim?.stop();
});

async function statusOf(executionId: string): Promise<string> {
	return (await rest.request<{ status: string }>('GET', `/executions/${executionId}`)).status;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

test('the link opens the page on a phone, Decline is pressed, and the execution resumes with approved: false', async () => {
	const executionId = await rest.runWorkflowManually(WORKFLOW_ID, 'Manual');
	await until('the execution waits', async () => (await statusOf(executionId)) === 'waiting');
	const link = /(https?:\/\/\S+)$/.exec(sim.messages[0].message ?? '')?.[1];
	expect(link).toBeDefined();

	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1' });
	const page = await context.newPage();
	const blocked: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy|Refused/i.test(message.text())) blocked.push(message.text());
	});
	try {
		await page.goto(String(link));
		await page.getByText('Hi Casey, approve the refund of order 1042 ($80)?').waitFor();
		await page.screenshot({ path: join(RESULTS_DIR, 'send-and-wait-page.png') });
		if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(join(RESULTS_DIR, 'send-and-wait-page.png'), join(REPO_ROOT, 'docs', 'images', 'send-and-wait-page.png'));
		expect(await statusOf(executionId)).toBe('waiting');
		await page.getByRole('button', { name: 'Decline' }).click();
		await page.getByText('Your answer was recorded').waitFor({ timeout: 30_000 });
	} finally {
		await context.close();
	}
	expect(blocked).toEqual([]);
	await until('the execution ends', async () => !['waiting', 'running', 'new'].includes(await statusOf(executionId)));
	const execution = await rest.request<{ status: string; data: string }>('GET', `/executions/${executionId}`);
	expect(execution.status).toBe('success');
	// The REST API gives the run data in n8n's flatted form: the answer is in it as plain JSON values.
	expect(execution.data).toContain('"approved":false');
}, 240_000);
