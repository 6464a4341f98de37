import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { MAX_TOTAL_MESSAGE_CHARS, MessageError, validateMessage, type LongMessageMode } from '../../../shared/messageSplitting';
import { parseRecipients, PhoneNumberError, RecipientListError, toE164, type CountryCode } from '../../../shared/phoneNumbers';
import { RequestPacer, runPool } from '../../../shared/requestPacer';
import { backoffDelay, parseRetryAfter } from '../../../shared/retryAfter';
import { countryOptions } from '../../methods/countries';
import { describeFailure, zoomApiError, ZoomClient, type ZoomFailure } from '../../transport';
import { parameterReader } from '../common';
import { AttachmentError, loadAttachments, MAX_ATTACHMENTS, parseAttachmentNames, type AttachmentSummary, type LoadedAttachment } from './attachments';

const showForSend = { show: { resource: ['message'], operation: ['send'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The SMS-capable Zoom Phone number of your account that sends the message',
		displayOptions: showForSend,
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
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The recipient\'s phone number. Any common format works: +1 555 123 4567, (555) 123-4567, 0033 6 12 34 56 78. Up to 10 numbers separated by commas make one group message.',
		displayOptions: showForSend,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		// Not marked required: an MMS (Options → Attachments) may have no text. An empty text without
		// attachments is refused when the node runs, with a message saying so.
		default: '',
		typeOptions: { rows: 4 },
		description: `The text to send, up to ${MAX_TOTAL_MESSAGE_CHARS} characters. Zoom takes 500 characters per message, so a longer text is sent as several messages, in order, in the same conversation. May be empty only when Options → Attachments sends images.`,
		displayOptions: showForSend,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForSend,
		options: [
			{
				displayName: 'Attachments',
				name: 'attachments',
				type: 'string',
				default: '',
				placeholder: 'data, photo2',
				description: `Send an MMS: the names of the input item's binary properties holding PNG, JPEG or GIF images, separated by commas (at most ${MAX_ATTACHMENTS} files, 2 MB in all). The images go with the first message. With attachments Zoom accepts at most 1,000 bytes of text per message, and the text may be empty.`,
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'options',
				options: countryOptions(),
				default: 'US',
				description: 'The country of numbers written without a country code, such as (555) 123-4567 or 06 12 34 56 78',
			},
			{
				displayName: 'Long Messages',
				name: 'longMessages',
				type: 'options',
				options: [
					{
						name: 'Split Into Several Messages',
						value: 'split',
						description: 'Texts over Zoom\'s 500-character limit are cut at word boundaries and sent in order',
					},
					{
						name: 'Reject',
						value: 'reject',
						description: 'Texts over Zoom\'s limit fail with an error instead',
					},
				],
				default: 'split',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description:
					'The most Zoom requests this node starts per second. Zoom allows 10 per second on Pro accounts and 20 on Business and above, shared by every app on the account.',
			},
			{
				displayName: 'Session ID',
				name: 'sessionId',
				type: 'string',
				default: '',
				description: 'Continue an existing Zoom SMS conversation. Leave empty to let Zoom pick the conversation of these numbers.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'How long to wait for Zoom\'s answer. A message without an answer is reported as delivery unknown and never sent again automatically.',
			},
		],
	},
];

interface SendOptions {
	attachments?: string | string[];
	defaultCountry?: CountryCode;
	longMessages?: LongMessageMode;
	requestsPerSecond?: number;
	sessionId?: string;
	timeoutSeconds?: number;
}

interface PreparedSend {
	from: string;
	recipients: string[];
	parts: string[];
	sessionId?: string;
	timeoutMs: number;
	/** Binary property names of the images to attach (MMS); checked before anything is sent. */
	attachmentNames: string[];
	attachments?: AttachmentSummary[];
}

interface ZoomSendResponse {
	message_id?: string;
	session_id?: string;
	date_time?: string;
}

interface SentPart {
	messageId: string;
	sessionId: string;
	dateTime: string;
	text: string;
}

type Outcome =
	| { status: 'sent'; parts: SentPart[] }
	| { status: 'failed' | 'deliveryUnknown'; parts: SentPart[]; error: NodeApiError | NodeOperationError }
	| { status: 'notSent'; reason: string };

const MAX_RATE_LIMIT_RETRIES = 8;

function isDailyLimit(failure: ZoomFailure): boolean {
	return (
		failure.status === 429 &&
		((failure.headers['x-ratelimit-type'] ?? '').toLowerCase().startsWith('daily') || /daily/i.test(failure.message))
	);
}

/** Numbers already read in this run: the From number is usually the same for every item of a campaign. */
type NumberCache = Map<string, string>;

interface SendParameters {
	from: (itemIndex: number) => unknown;
	to: (itemIndex: number) => string | string[];
	message: (itemIndex: number) => unknown;
	options: (itemIndex: number) => SendOptions;
}

function sendParameters(context: IExecuteFunctions): SendParameters {
	return {
		from: parameterReader<unknown>(context, 'from', '', { extractValue: true }),
		to: parameterReader<string | string[]>(context, 'to', ''),
		message: parameterReader<unknown>(context, 'message', ''),
		options: parameterReader<SendOptions>(context, 'options', {}),
	};
}

function prepare(context: IExecuteFunctions, itemIndex: number, parameters: SendParameters, fromNumbers: NumberCache): PreparedSend {
	const node = context.getNode();
	const options = parameters.options(itemIndex);
	const country = options.defaultCountry ?? 'US';
	const fromValue = String(parameters.from(itemIndex) ?? '').trim();
	const toValue = parameters.to(itemIndex);
	const text = String(parameters.message(itemIndex) ?? '');
	if (!fromValue) {
		throw new NodeOperationError(node, `Item ${itemIndex}: no From number`, {
			itemIndex,
			description: 'Pick the Zoom Phone number that sends the message in From, or type it in E.164 like +15551234567.',
		});
	}
	let field = 'From';
	try {
		const fromKey = `${country} ${fromValue}`;
		const from = fromNumbers.get(fromKey) ?? toE164(fromValue, country);
		fromNumbers.set(fromKey, from);
		field = 'To';
		const recipients = parseRecipients(toValue, country);
		field = 'Message';
		const attachmentNames = parseAttachmentNames(options.attachments);
		const parts = validateMessage(text, { mode: options.longMessages ?? 'split', hasAttachments: attachmentNames.length > 0 });
		return {
			from,
			recipients,
			// An MMS without text is one message carrying only the attachments.
			parts: parts.length === 0 ? [''] : parts,
			sessionId: options.sessionId?.trim() || undefined,
			timeoutMs: Math.max(1, options.timeoutSeconds ?? 30) * 1000,
			attachmentNames,
		};
	} catch (error) {
		const known = error instanceof PhoneNumberError || error instanceof RecipientListError || error instanceof MessageError;
		throw new NodeOperationError(node, known ? `Item ${itemIndex}: ${field}: ${error.message}` : (error as Error), {
			itemIndex,
			description:
				error instanceof PhoneNumberError
					? `A valid number looks like ${error.example.e164} or, written for ${error.defaultCountry}, ${error.example.national}. Nothing was sent for this item.`
					: 'Nothing was sent for this item.',
		});
	}
}

function sentJson(prepared: PreparedSend, parts: SentPart[]): IDataObject {
	const first = parts[0];
	const last = parts[parts.length - 1];
	return {
		success: true,
		messageId: first.messageId,
		sessionId: last.sessionId,
		dateTime: first.dateTime,
		from: prepared.from,
		to: prepared.recipients.join(','),
		recipients: prepared.recipients,
		...(prepared.attachments?.length ? { attachments: prepared.attachments } : {}),
		...(parts.length > 1
			? { parts: parts.map((part, index) => ({ part: index + 1, messageId: part.messageId, dateTime: part.dateTime, characters: [...part.text].length })) }
			: {}),
	};
}

/** "items 0–4, 7, 9–11": a run of 10,000 items must still give a readable error. */
function formatItemList(indexes: number[]): string {
	const ranges: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		ranges.push(end > start ? `${indexes[start]}–${indexes[end]}` : String(indexes[start]));
		start = end + 1;
	}
	return `${indexes.length === 1 ? 'item' : 'items'} ${ranges.join(', ')}`;
}

/** Where every item ended, so a stopped run can be resumed without sending anything twice. */
function describeSentItems(outcomes: Array<Outcome | undefined>, stopReason: string | undefined): string {
	const withStatus = (...statuses: Array<Outcome['status'] | undefined>) =>
		outcomes.flatMap((_, index) => (statuses.includes(outcomes[index]?.status) ? [index] : []));
	const sent = withStatus('sent');
	const unknown = withStatus('deliveryUnknown');
	const failed = withStatus('failed');
	const notSent = withStatus('notSent', undefined);
	return [
		sent.length ? `Sent: ${formatItemList(sent)} (do not send them again).` : 'No item was sent.',
		unknown.length ? `Delivery unknown: ${formatItemList(unknown)} (check Zoom before resending).` : '',
		failed.length ? `Failed: ${formatItemList(failed)} (not accepted by Zoom; see each item's error).` : '',
		notSent.length ? `Not sent: ${formatItemList(notSent)}${stopReason ? ` (${stopReason})` : ''}.` : '',
	]
		.filter(Boolean)
		.join(' ');
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();

	// Every item is checked before anything is sent, so a bad number or text in item 7 never leaves
	// items 0–6 sent and the run failed.
	const fromNumbers: NumberCache = new Map();
	const parameters = sendParameters(this);
	const prepared: Array<PreparedSend | NodeOperationError> = items.map((_, itemIndex) => {
		try {
			return prepare(this, itemIndex, parameters, fromNumbers);
		} catch (error) {
			return error as NodeOperationError;
		}
	});
	// MMS: the images of every item are read and checked too before anything is sent.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const send = prepared[itemIndex];
		if (send instanceof NodeOperationError || send.attachmentNames.length === 0) continue;
		try {
			send.attachments = (await loadAttachments(this, itemIndex, send.attachmentNames)).map(
				({ binaryProperty, fileName, type, size }): AttachmentSummary => ({ binaryProperty, fileName, type, size }),
			);
		} catch (error) {
			prepared[itemIndex] = new NodeOperationError(node, error instanceof AttachmentError ? `Item ${itemIndex}: Attachments: ${error.message}` : (error as Error), {
				itemIndex,
				description: 'Nothing was sent for this item.',
			});
		}
	}
	const firstInvalid = prepared.find((send): send is NodeOperationError => send instanceof NodeOperationError);
	if (firstInvalid && !continueOnFail) throw firstInvalid;

	const options = items.length > 0 ? parameters.options(0) : {};
	const requestsPerSecond = Math.max(1, options.requestsPerSecond ?? 10);
	const pacer = new RequestPacer(requestsPerSecond, { now: () => Date.now(), sleep: async (ms) => await sleep(ms) });
	const client = new ZoomClient(this);
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	let stopReason: string | undefined;

	type PartResult =
		| { ok: true; part: SentPart }
		| { ok: false; deliveryUnknown: boolean; error: NodeApiError | NodeOperationError }
		| { ok: false; stopped: true };

	// Counted as outcomes settle: scanning them all before every request would cost N² on a large run.
	let failures = 0;
	const settle = (itemIndex: number, outcome: Outcome) => {
		outcomes[itemIndex] = outcome;
		if (outcome.status === 'failed' || outcome.status === 'deliveryUnknown') failures++;
	};
	const firstFailure = () => failures > 0;
	// Once the run stops (daily limit, or the first failure without Continue On Fail), requests already
	// waiting for their turn are not sent either.
	const stopping = () => stopReason !== undefined || (!continueOnFail && firstFailure());

	const deliveryUnknown = (itemIndex: number, why: string): PartResult => ({
		ok: false,
		deliveryUnknown: true,
		error: new NodeOperationError(node, `Item ${itemIndex}: delivery unknown`, {
			itemIndex,
			description: `${why} It was not sent again, to avoid a duplicate text; check the conversation in Zoom.`,
		}),
	});

	const sendPart = async (
		itemIndex: number,
		send: PreparedSend,
		text: string,
		sessionId: string | undefined,
		attachments: LoadedAttachment[],
	): Promise<PartResult> => {
		for (let attempt = 0; ; attempt++) {
			await pacer.acquire();
			if (stopping()) return { ok: false, stopped: true };
			let response: ZoomSendResponse;
			try {
				response = await client.request<ZoomSendResponse>({
					method: 'POST',
					path: '/phone/sms/messages',
					body: {
						sender: { phone_number: send.from },
						to_members: send.recipients.map((phoneNumber) => ({ phone_number: phoneNumber })),
						...(text !== '' || attachments.length === 0 ? { message: text } : {}),
						...(sessionId ? { session_id: sessionId } : {}),
						...(attachments.length ? { attachments: attachments.map((file) => ({ base64_encoding: file.base64, type: file.type })) } : {}),
					},
					timeoutMs: send.timeoutMs,
				});
			} catch (error) {
				const failure = describeFailure(error);
				if (failure.status === 429 && !isDailyLimit(failure) && attempt < MAX_RATE_LIMIT_RETRIES) {
					// Zoom refused the request, so sending it again cannot duplicate it.
					pacer.pauseFor(parseRetryAfter(failure.headers['retry-after']) ?? backoffDelay(attempt, { baseMs: 250 }));
					continue;
				}
				// A connection that could not be opened; a token that could not be had is not retried per item.
				if (failure.kind === 'network' && failure.notSent && attempt < 2) continue;
				if (isDailyLimit(failure)) {
					const retryAt = failure.headers['retry-after'];
					stopReason = `Zoom's daily SMS request limit was reached${retryAt ? `; Zoom accepts requests again after ${retryAt}` : ''}`;
				}
				if (failure.kind !== 'http' && !failure.notSent) {
					return deliveryUnknown(
						itemIndex,
						failure.kind === 'timeout'
							? 'Zoom did not answer in time after the message was sent, so it is unknown whether Zoom accepted it.'
							: `The connection failed (${failure.networkCode ?? failure.message}) after the message was sent, so it is unknown whether Zoom accepted it.`,
					);
				}
				return { ok: false, deliveryUnknown: false, error: zoomApiError(node, failure, { itemIndex, prefix: `Item ${itemIndex}` }) };
			}
			if (!response || typeof response !== 'object' || typeof response.message_id !== 'string') {
				return deliveryUnknown(itemIndex, 'Zoom answered, but its answer could not be read, so it is unknown whether the message was accepted.');
			}
			return {
				ok: true,
				part: { messageId: response.message_id, sessionId: response.session_id ?? sessionId ?? '', dateTime: response.date_time ?? '', text },
			};
		}
	};

	const sendItem = async (itemIndex: number): Promise<void> => {
		const send = prepared[itemIndex];
		if (send instanceof NodeOperationError) {
			settle(itemIndex, { status: 'failed', parts: [], error: send });
			return;
		}
		const parts: SentPart[] = [];
		let sessionId = send.sessionId;
		// Read again here rather than kept from the check, so only the items being sent hold images in memory.
		let attachments: LoadedAttachment[] = [];
		try {
			if (send.attachmentNames.length) attachments = await loadAttachments(this, itemIndex, send.attachmentNames);
		} catch (error) {
			settle(itemIndex, { status: 'failed', parts, error: new NodeOperationError(node, error as Error, { itemIndex }) });
			return;
		}
		for (const text of send.parts) {
			const result = await sendPart(itemIndex, send, text, sessionId, attachments);
			// The images go with the first message only; later parts are plain text.
			attachments = [];
			if (!result.ok && 'stopped' in result) {
				settle(
					itemIndex,
					parts.length
						? {
								status: 'failed',
								parts,
								error: new NodeOperationError(node, `Item ${itemIndex}: only parts 1–${parts.length} of ${send.parts.length} were sent`, {
									itemIndex,
									description: `The run stopped before the rest was sent: ${stopReason ?? 'another item failed'}.`,
								}),
							}
						: { status: 'notSent', reason: stopReason ?? 'the run stopped before this item' },
				);
				return;
			}
			if (!result.ok) {
				if (send.parts.length > 1) {
					result.error.message += ` (part ${parts.length + 1} of ${send.parts.length}${parts.length ? `; parts 1–${parts.length} were sent` : ''})`;
				}
				settle(itemIndex, { status: result.deliveryUnknown ? 'deliveryUnknown' : 'failed', parts, error: result.error });
				return;
			}
			parts.push(result.part);
			// Later parts go into the conversation the first one opened, so they arrive together.
			sessionId = result.part.sessionId || sessionId;
		}
		settle(itemIndex, { status: 'sent', parts });
	};

	await runPool(items.length, Math.max(2, requestsPerSecond * 2), sendItem, stopping);

	if (!continueOnFail) {
		const failedIndex = outcomes.findIndex((outcome) => outcome?.status === 'failed' || outcome?.status === 'deliveryUnknown');
		if (failedIndex >= 0) {
			const failed = outcomes[failedIndex] as Extract<Outcome, { error: unknown }>;
			const summary = describeSentItems(outcomes, stopReason);
			failed.error.description = [failed.error.description, summary].filter(Boolean).join(' ');
			throw failed.error;
		}
	}

	return outcomes.map((outcome, itemIndex): INodeExecutionData => {
		const pairedItem = { item: itemIndex };
		if (outcome === undefined || outcome.status === 'notSent') {
			return {
				json: { success: false, deliveryStatus: 'notSent', error: `Not sent: ${outcome?.reason ?? stopReason ?? 'the run stopped before this item'}.` },
				pairedItem,
			};
		}
		const send = prepared[itemIndex] as PreparedSend;
		if (outcome.status === 'sent') return { json: sentJson(send, outcome.parts), pairedItem };
		return {
			json: {
				success: false,
				...(outcome.status === 'deliveryUnknown' ? { deliveryStatus: 'unknown' } : {}),
				error: outcome.error.message,
				...(outcome.error.description ? { errorDetails: outcome.error.description } : {}),
				...(outcome.parts.length ? { sentParts: outcome.parts.map((part) => part.messageId) } : {}),
			},
			pairedItem,
		};
	});
}
