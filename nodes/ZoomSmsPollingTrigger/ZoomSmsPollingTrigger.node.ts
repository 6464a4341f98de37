import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { advance, pollWindow, readState, selectNew, startState, type PollState } from '../shared/pollCursor';
import { historyEventOutput } from '../shared/smsEventOutput';
import { searchSenderNumbers } from '../ZoomSms/methods/listSearch';
import { CREDENTIAL_TYPE, describeFailure, zoomApiError, ZoomClient } from '../ZoomSms/transport';
import { digitsOf, latestMessage, readHistory, type HistoryMessage, type HistoryQuery, type MessagesWanted } from './history';

/** Where the cursor lives in the node's workflow static data (stored in users' workflows: never rename). */
export const STATE_KEY = 'zoomSmsPoll';

const DEFAULT_DELAY_MINUTES = 5;
const MAX_DELAY_MINUTES = 24 * 60;

/**
 * Polls of one trigger under way in this process. n8n starts a poll on schedule even when the previous
 * one is still reading (a slow Zoom, a long catch-up); both would read the same cursor and emit the same
 * messages, so the later one does nothing and the next one starts from what the first one saved.
 */
const pollsInFlight = new Set<string>();

interface Settings {
	query: HistoryQuery;
	delayMs: number;
}

function readSettings(context: IPollFunctions): Settings {
	const node = context.getNode();
	const messages = context.getNodeParameter('messages', 'received') as MessagesWanted;
	const chosen = (context.getNodeParameter('phoneNumbers', {}) as { numbers?: Array<{ number?: IDataObject | string }> }).numbers ?? [];
	const numbers: string[] = [];
	for (const entry of chosen) {
		const raw = typeof entry.number === 'object' && entry.number !== null ? String(entry.number.value ?? '') : String(entry.number ?? '');
		if (raw.trim() === '') continue;
		const digits = digitsOf(raw);
		if (digits.length < 7 || digits.length > 15 || !/^\+?[\d\s().-]+$/.test(raw.trim())) {
			throw new NodeOperationError(node, `Phone Numbers: "${raw}" is not a phone number`, {
				description: 'Pick one of the account\'s numbers from the list, or type it in E.164 format, e.g. +15551234567.',
			});
		}
		if (!numbers.includes(digits)) numbers.push(digits);
	}
	const { historyDelayMinutes = DEFAULT_DELAY_MINUTES } = context.getNodeParameter('options', {}) as { historyDelayMinutes?: number };
	if (typeof historyDelayMinutes !== 'number' || !Number.isFinite(historyDelayMinutes) || historyDelayMinutes < 0 || historyDelayMinutes > MAX_DELAY_MINUTES) {
		throw new NodeOperationError(node, `Options → History Delay Allowance: "${String(historyDelayMinutes)}" is not a number of minutes from 0 to ${MAX_DELAY_MINUTES}`, {
			description: `Enter a number of minutes such as ${DEFAULT_DELAY_MINUTES}.`,
		});
	}
	return { query: { messages, numbers }, delayMs: Math.round(historyDelayMinutes * 60_000) };
}

async function accountIdOf(context: IPollFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return String(credentials?.accountId ?? '');
}

function toItems(context: IPollFunctions, messages: HistoryMessage[], accountId: string): INodeExecutionData[][] {
	const json = messages.map((message) => historyEventOutput(message.record, { sessionId: message.sessionId, accountId }));
	return [context.helpers.returnJsonArray(json)];
}

export class ZoomSmsPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoom SMS Polling Trigger',
		name: 'zoomSmsPollingTrigger',
		icon: { light: 'file:../../icons/zoom.svg', dark: 'file:../../icons/zoom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["messages"] === "both" ? "received and sent SMS" : $parameter["messages"] + " SMS" }}',
		description: 'Starts the workflow when Zoom Phone numbers receive or send SMS, by checking Zoom on a schedule: needs no public URL',
		defaults: { name: 'Zoom SMS Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zoomSmsApi', required: true }],
		properties: [
			{
				displayName:
					'Checks Zoom\'s SMS history at the Poll Times above, so n8n needs no public URL (the Zoom SMS Trigger reacts at once but needs one). ' +
					'Each message starts the workflow once. Messages from before the workflow is published are not replayed; "Fetch Test Event" shows the latest one. ' +
					'The credential\'s app needs the scopes phone:read:list_sms_sessions:admin and phone:read:sms_session:admin.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Messages',
				name: 'messages',
				type: 'options',
				options: [
					{ name: 'Received', value: 'received', description: 'Messages your numbers received (Zoom\'s phone.sms_received)' },
					{ name: 'Sent', value: 'sent', description: 'Messages your numbers sent, from Zoom or from n8n (phone.sms_sent)' },
					{ name: 'Received and Sent', value: 'both', description: 'Both directions' },
				],
				default: 'received',
				description: 'Which messages start the workflow',
			},
			{
				displayName: 'Phone Numbers',
				name: 'phoneNumbers',
				type: 'fixedCollection',
				placeholder: 'Add Phone Number',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Only messages of these numbers of your account. None: every number of the account.',
				options: [
					{
						displayName: 'Numbers',
						name: 'numbers',
						values: [
							{
								displayName: 'Number',
								name: 'number',
								type: 'resourceLocator',
								default: { mode: 'list', value: '' },
								description: 'A Zoom Phone number of your account',
								modes: [
									{
										displayName: 'From List',
										name: 'list',
										type: 'list',
										typeOptions: { searchListMethod: 'searchSenderNumbers', searchable: true },
									},
									{
										displayName: 'By Number',
										name: 'number',
										type: 'string',
										placeholder: '+15551234567',
										hint: 'A number of your Zoom account, in E.164 format',
									},
								],
							},
						],
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'History Delay Allowance (Minutes)',
						name: 'historyDelayMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_DELAY_MINUTES },
						default: DEFAULT_DELAY_MINUTES,
						description:
							'How late a message may show in Zoom\'s history and still start the workflow. Each check reads this far back; a message that shows later than this after it was sent or received is skipped.',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchSenderNumbers },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const client = new ZoomClient(this);
		const failed = (error: unknown) => zoomApiError(this.getNode(), describeFailure(error), { prefix: 'Could not read the SMS history from Zoom' });

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the latest message, so the user sees the output's shape. The cursor is not touched.
			let latest: HistoryMessage | undefined;
			try {
				latest = await latestMessage(client, settings.query);
			} catch (error) {
				throw failed(error);
			}
			return latest ? toItems(this, [latest], await accountIdOf(this)) : null;
		}

		const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		if (pollsInFlight.has(key)) return null;
		pollsInFlight.add(key);
		try {
			const staticData = this.getWorkflowStaticData('node');
			const now = Date.now();
			const stored = readState(staticData[STATE_KEY]);
			const state: PollState = stored ?? startState(now);
			const window = pollWindow(state, now);
			let found: HistoryMessage[];
			try {
				found = await readHistory(client, settings.query, window);
			} catch (error) {
				// The cursor stays where it was: the next poll reads the same range again.
				throw failed(error);
			}
			const fresh = selectNew(state, found, window.to);
			// The first poll only records what is already there (the second it runs in): nothing older is replayed.
			const items = stored && fresh.length > 0 ? toItems(this, fresh, await accountIdOf(this)) : null;
			// Written only once the items are built, and as a new object at the top level so n8n sees the
			// change: n8n saves the static data together with the execution these items start.
			staticData[STATE_KEY] = advance(state, fresh, now, settings.delayMs) as unknown as IDataObject;
			return items;
		} finally {
			pollsInFlight.delete(key);
		}
	}
}
