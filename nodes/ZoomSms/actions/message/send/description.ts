import type { INodeProperties } from 'n8n-workflow';

import { MAX_TOTAL_MESSAGE_CHARS } from '../../../../shared/messageSplitting';
import { SEND_LIMITS } from '../../../../shared/sendOptions';
import { WAIT_FOR_DELIVERY_LIMIT } from '../../../../shared/deliveryStatus';
import { countryOptions } from '../../../methods/countries';
import { MAX_ATTACHMENTS } from '../attachments';
import { ACCOUNT_NUMBER_MODES } from '../../../../shared/accountNumberModes';
import { optedOutRecipientsOption } from './consent';

const showForSend = { show: { resource: ['message'], operation: ['send'] } };

/** The From mode whose number is chosen when the node runs (see nodes/shared/senderChoice.ts). */
export const AUTOMATIC_FROM_MODE = 'automatic';

function fromField(version: 1 | 1.1, fallback: { mode: string; value: string }): INodeProperties {
	return {
		displayName: 'From',
		name: 'from',
		type: 'resourceLocator',
		// Not required: Automatic has no value. An empty From List or By Number is refused when the node
		// runs, with a message saying so.
		default: fallback,
		description:
			'The SMS-capable Zoom Phone number of your account that sends the message. Automatic: the only number of the Zoom user behind the app\'s token, or else the account\'s only number; the node stops and lists the numbers when there are several.',
		displayOptions: {
			show: {
				...showForSend.show,
				'@version': version === 1 ? [1] : [{ _cnd: { gte: 1.1 } }],
			},
		},
		modes: [
			...ACCOUNT_NUMBER_MODES,
			{
				displayName: 'Automatic',
				name: AUTOMATIC_FROM_MODE,
				type: 'string',
				placeholder: 'Leave empty: chosen when the node runs',
				hint: 'The only number of the app\'s Zoom user, or the account\'s only number. Leave the field empty.',
			},
		],
	};
}

export const description: INodeProperties[] = [
	// Two From fields, one per node version: n8n stores only parameters that differ from their default, so
	// a v1 node saved with an untouched From must keep reading "From List, nothing picked" (and fail asking
	// for a number), while new nodes (v1.1) start on Automatic. Both offer every mode.
	fromField(1, { mode: 'list', value: '' }),
	fromField(1.1, { mode: AUTOMATIC_FROM_MODE, value: '' }),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The recipient\'s phone number. Any common format works: +1 555 123 4567, (555) 123-4567, 0033 6 12 34 56 78. Up to 10 numbers separated by commas make one group message from a US or Canadian toll number; from a toll-free or other number, each recipient gets their own message.',
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
				displayName: 'Allowed Countries',
				name: 'allowedCountries',
				type: 'multiOptions',
				options: countryOptions(),
				default: [],
				description:
					'Only text numbers in these countries. A recipient elsewhere fails its item before anything is sent for it. Protects the account from SMS pumping when an AI agent uses this node as a tool, and from typos that text another continent.',
			},
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
				displayName: 'Delivery Check Wait (Seconds)',
				name: 'deliveryCheckSeconds',
				type: 'number',
				typeOptions: { minValue: SEND_LIMITS.deliveryCheckSeconds.min, maxValue: SEND_LIMITS.deliveryCheckSeconds.max },
				// A literal: n8n's scanner requires one. test/unit/sendDefaults.test.ts keeps it equal to SEND_LIMITS.
				default: 20,
				description:
					'When Zoom does not answer a send (no answer in time, a dropped connection, a Zoom server error), how long the node keeps checking the conversation in Zoom for the message. Found: the item is sent. Still absent: the item is reported as not sent. 0 skips the check: such items are reported as delivery unknown. Needs the read scopes for SMS sessions.',
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
			optedOutRecipientsOption,
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: SEND_LIMITS.requestsPerSecond.min, maxValue: SEND_LIMITS.requestsPerSecond.max },
				// A literal: n8n's scanner requires one. test/unit/sendDefaults.test.ts keeps it equal to SEND_LIMITS.
				default: 10,
				description:
					"The most Zoom requests per second for this credential's Zoom account, shared by every execution and Zoom SMS node of this n8n process. When workflows set different values for one account, the smallest applies. Zoom allows 10 per second on Pro accounts and 20 on Business and above (SMS endpoints), shared with every other app on the account: keep 10 or 20 unless Zoom raised your limit. Requests slow down by themselves when Zoom says the account is busy. Up to 10,000.",
			},
			{
				displayName: 'Resend If Not in Zoom',
				name: 'resendIfNotInZoom',
				type: 'boolean',
				default: false,
				description:
					'Whether to send a message once more when Zoom did not answer and the delivery check found no trace of it in Zoom. Off: such an item is reported as not sent and your workflow decides. Zoom does not document how soon its history lists a message, so a message Zoom listed only after the wait could arrive twice.',
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
				typeOptions: { minValue: SEND_LIMITS.timeoutSeconds.min, maxValue: SEND_LIMITS.timeoutSeconds.max },
				// A literal: n8n's scanner requires one. test/unit/sendDefaults.test.ts keeps it equal to SEND_LIMITS.
				default: 30,
				description:
					'How long to wait for Zoom\'s answer to each send. Without an answer in time the node checks Zoom for the message (see Delivery Check Wait) and never sends it blindly again.',
			},
			{
				displayName: 'Wait for Delivery (Seconds)',
				name: 'waitForDeliverySeconds',
				type: 'number',
				typeOptions: { minValue: WAIT_FOR_DELIVERY_LIMIT.min, maxValue: WAIT_FOR_DELIVERY_LIMIT.max },
				// A literal: n8n's scanner requires one. test/unit/deliveryRules.test.ts keeps it equal to WAIT_FOR_DELIVERY_LIMIT.
				default: 60,
				description:
					'After Zoom accepts a text, keep checking its delivery status until it is delivered or failed, for at most this long. Each item then has deliveryStatus, deliveryResult (delivered, failed or pending) and deliveryStatusAt. A failed delivery is reported in the item, not as an error: the text was sent and is never sent again. Needs the read scope for SMS messages.',
			},
		],
	},
];

