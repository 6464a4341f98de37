import type { INodeProperties } from 'n8n-workflow';

import { description as sendDescription } from '../send/description';

/**
 * n8n's name for the operation (n8n-workflow's SEND_AND_WAIT_OPERATION): n8n recognises a send-and-wait
 * node by it (its waiting-webhook route, the "no action required" page). Written out rather than imported
 * so that the node loads in n8n versions whose n8n-workflow lacks the constant; a unit test keeps them equal.
 */
export const SEND_AND_WAIT_OPERATION = 'sendAndWait';

const operation = [SEND_AND_WAIT_OPERATION];
const show = { resource: ['message'], operation };
const showFor = (responseType: string[]) => ({ show: { ...show, responseType } });

/** Send's From fields (one per node version, with the same modes), shown for this operation. */
const fromFields: INodeProperties[] = sendDescription
	.filter((property) => property.name === 'from')
	.map((property) => ({ ...property, displayOptions: { show: { ...property.displayOptions?.show, operation } } }));

/** The Send options that apply to the text this operation sends (same names: the send pipeline reads them). */
// Allowed Countries too: n8n offers this operation to AI agents as a human-in-the-loop tool.
const sendOptionNames = ['allowedCountries', 'defaultCountry', 'optedOutRecipients', 'requestsPerSecond', 'sessionId', 'timeoutSeconds', 'deliveryCheckSeconds'];
const sendOptions: INodeProperties[] = ((sendDescription.find((property) => property.name === 'options')?.options ?? []) as INodeProperties[]).filter(
	(option) => sendOptionNames.includes(option.name),
);

const limitWaitTime: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description: 'Whether to stop waiting for the answer after a while. Without it the execution waits until someone answers.',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Waits for a certain amount of time' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Waits until a date and time' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					default: 'hours',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					description: 'When the execution continues without an answer',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};

const linkText: INodeProperties = {
	displayName: 'Link Text',
	name: 'linkText',
	type: 'string',
	default: 'Answer here:',
	description: 'The words before the answer link, on a line of their own after your message. Empty: the link alone.',
};

export const description: INodeProperties[] = [
	...fromFields,
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description: 'The phone number of the person who answers, in any common format (+1 555 123 4567, (555) 123-4567). One number.',
		displayOptions: { show },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description:
			'The question. For Approval and Free Text the node adds a link to the answer page (about 120 characters plus your n8n address); Zoom takes 500 characters per message, so keep the question short: a text over 160 characters costs several SMS segments.',
		displayOptions: { show },
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The text links to a page with Approve (and optionally Decline) buttons' },
			{ name: 'Free Text', value: 'freeText', description: 'The text links to a page with a form to type an answer' },
			{ name: 'Text Reply', value: 'textReply', description: 'The contact answers by replying to the text; the node checks the conversation in Zoom' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
					},
					{ displayName: 'Approve Button Label', name: 'approveLabel', type: 'string', default: 'Approve' },
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
		displayOptions: showFor(['approval']),
	},
	{
		displayName: 'Wait Up To',
		name: 'replyWaitAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 1,
		required: true,
		description: 'How long to wait for the reply (at most 24 hours). The execution stays running meanwhile, checking the conversation in Zoom.',
		displayOptions: showFor(['textReply']),
	},
	{
		displayName: 'Unit',
		name: 'replyWaitUnit',
		type: 'options',
		options: [
			{ name: 'Seconds', value: 'seconds' },
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
		],
		default: 'hours',
		displayOptions: showFor(['textReply']),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(['approval']),
		options: [limitWaitTime, linkText, ...sendOptions],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(['freeText']),
		options: [
			limitWaitTime,
			linkText,
			{ displayName: 'Response Form Title', name: 'responseFormTitle', type: 'string', default: '', description: 'Title of the answer page' },
			{ displayName: 'Response Form Button Label', name: 'responseFormButtonLabel', type: 'string', default: 'Submit' },
			...sendOptions,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(['textReply']),
		options: [
			{
				displayName: 'Check Every (Seconds)',
				name: 'checkEverySeconds',
				type: 'number',
				typeOptions: { minValue: 2, maxValue: 3600 },
				default: 30,
				description: 'How often the node asks Zoom for new messages in the conversation. Each check is one request, paced with every other request of the Zoom account.',
			},
			...sendOptions,
		],
	},
];
