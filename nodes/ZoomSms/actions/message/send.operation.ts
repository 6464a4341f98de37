/**
 * Message → Send: a pipeline of three steps, each in its own module under send/.
 * 1. prepare.ts: every item's parameters read and checked before anything is sent.
 * 2. deliver.ts: each item's messages to Zoom exactly once (with ledger.ts and history.ts for re-runs and
 *    lost answers), concurrently within the request budget of the transport.
 * 3. report.ts: where every item ended, as n8n's On Error setting asks.
 * With Options → Wait for Delivery, deliveryWait.ts then watches each sent item's delivery status (it only
 * reads, after the item is recorded as sent, and adds fields to the item's output).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPool } from '../../../shared/requestPacer';
import { ZoomClient } from '../../transport';
import { Delivery, type Outcome } from './send/deliver';
import { DeliveryWaiter, waitForDeliveryMs } from './send/deliveryWait';
import { ZoomHistory } from './send/history';
import { SendLedger } from './send/ledger';
import { resolveAutomaticSender } from './send/automaticSender';
import { wantsConsentCheck } from './send/consent';
import { prepareAll, runSettings, usesAutomaticSender } from './send/prepare';
import { report } from './send/report';

export { description } from './send/description';

/** The most items one run has in flight at once. */
const MAX_LANES = 200;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	const continueOnFail = this.continueOnFail();
	const settings = runSettings(this, items.length);
	const newClient = () => new ZoomClient(this, { requestsPerSecond: settings.requestsPerSecond });
	// The Automatic From is looked up once, before items are prepared, on the client that then sends: its
	// look-ups are paced with the sends. Runs without it make their client after preparing, as before.
	const automaticFrom = usesAutomaticSender(this, items.length);
	// Opted-Out Recipients → Skip reads opt statuses while preparing, on the same client.
	const consentCheck = wantsConsentCheck(this, items.length);
	const lookupClient = automaticFrom || consentCheck ? newClient() : undefined;
	const automatic = lookupClient && automaticFrom ? await resolveAutomaticSender(lookupClient) : undefined;
	const runIndex = Number(this.getWorkflowDataProxy(0).$runIndex ?? 0);
	const recorded = consentCheck ? SendLedger.recordedItems(this.getContext('node'), runIndex) : undefined;
	const consent = lookupClient && recorded ? { client: lookupClient, alreadyStarted: (itemIndex: number) => recorded.has(itemIndex) } : undefined;
	const prepared = await prepareAll(this, items, automatic, consent);
	const firstInvalid = prepared.find((send): send is NodeOperationError => send instanceof NodeOperationError);
	if (firstInvalid && !continueOnFail) {
		firstInvalid.description = [firstInvalid.description, 'No item was sent: every item is checked before any is sent.'].filter(Boolean).join(' ');
		throw firstInvalid;
	}

	const client = lookupClient ?? newClient();
	const ledger = SendLedger.open(this.getContext('node'), runIndex);
	const history = new ZoomHistory(client, new Set(ledger.messageIds()));
	// A retried execution whose earlier try left no record of this node (its process died mid-run, or the
	// node never ran in it): Zoom's history is the only way to know what was sent.
	const checkZoomFirst = this.getMode() === 'retry' && !ledger.isRerun;
	const delivery = new Delivery(this, client, ledger, history, settings, continueOnFail, checkZoomFirst);

	const outcomes: Array<Outcome | undefined> = new Array<Outcome | undefined>(items.length).fill(undefined);
	const waitMs = waitForDeliveryMs(this, items.length);
	const waiter = waitMs !== undefined ? new DeliveryWaiter(this, client, waitMs) : undefined;
	const deliveries: Array<Promise<IDataObject> | undefined> = [];
	try {
		await runPool(
			items.length,
			// Enough lanes to fill the budget at up to a second of latency, and never more than MAX_LANES items in
			// flight (Requests per Second goes up to 10,000).
			Math.min(MAX_LANES, Math.max(2, settings.requestsPerSecond * 2)),
			async (itemIndex) => {
				const outcome = await delivery.deliver(itemIndex, prepared[itemIndex]);
				outcomes[itemIndex] = outcome;
				// Started now, not awaited: the item's wait runs while the next items are sent.
				if (waiter && outcome.status === 'sent') deliveries[itemIndex] = waiter.forItem(itemIndex, outcome);
			},
			() => delivery.stopping,
		);
	} finally {
		delivery.finishSending();
	}
	// Items the run never reached once it stopped: what an earlier try sent still counts as sent.
	const settled = outcomes.map((outcome, itemIndex) => outcome ?? delivery.unreached(itemIndex, prepared[itemIndex]));
	const settledWell = (outcome: Outcome) => outcome.status === 'sent' || outcome.status === 'skipped';
	// A run that fails anyway (Stop Workflow with an item not sent) does not wait for the others' delivery.
	if (!continueOnFail && !settled.every(settledWell)) waiter?.abort();
	// Awaited before the ledger is closed: the waits never throw, but a cancel or crash meanwhile must leave it.
	const delivered = await Promise.all(deliveries);
	if (settled.every(settledWell)) ledger.close();
	const output = await report(this, prepared, settled, delivery.stopReason);
	delivered.forEach((fields, itemIndex) => {
		if (fields && output[itemIndex]) output[itemIndex].json = { ...output[itemIndex].json, ...fields };
	});
	return output;
}
