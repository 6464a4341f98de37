import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_OPTIONS } from './events';
import { createSubscription, deleteSubscription, subscriptionExists } from './subscription';
import { handleZoomWebhook } from './webhook';

/** Version 1 workflows were set up by hand: they stay Manual unless the user changes it. */
const SETUP_OPTIONS = [
	{
		name: 'Automatic',
		value: 'automatic',
		description: 'Activating the workflow registers this URL and these events with Zoom; deactivating removes them',
	},
	{
		name: 'Manual',
		value: 'manual',
		description: 'You add the event subscription in the Zoom App Marketplace yourself',
	},
];

function isManual(context: IHookFunctions): boolean {
	return context.getNodeParameter('setup', 'manual') === 'manual';
}

export class ZoomSmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoom SMS Trigger',
		name: 'zoomSmsTrigger',
		icon: { light: 'file:../../icons/zoom.svg', dark: 'file:../../icons/zoom.dark.svg' },
		group: ['trigger'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ ($parameter["events"] || []).length === 1 ? $parameter["events"][0] : ($parameter["events"] || []).length + " events" }}',
		// n8n's node panel merges a trigger into the node of the same name (zoomSms + "Trigger") and shows the
		// trigger's description for the merged entry (editor-ui generateMergedNodesAndActions, n8n 2.41.1), above
		// both nodes' actions and triggers. So this is the package's description: the Zoom SMS node's own. What
		// the trigger does is said by its trigger actions ("On SMS Received", ...) and its event descriptions.
		description: 'Send and read SMS through Zoom Phone',
		defaults: { name: 'Zoom SMS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zoomSmsApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Setup',
				name: 'setup',
				type: 'options',
				options: SETUP_OPTIONS,
				default: 'manual',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Setup',
				name: 'setup',
				type: 'options',
				options: SETUP_OPTIONS,
				default: 'automatic',
				displayOptions: { hide: { '@version': [1] } },
			},
			{
				displayName:
					'Pick your events and activate: the workflow registers its Production URL with Zoom for these events (and removes it when deactivated). ' +
					'The credential needs the Webhook Secret Token (the Secret Token of the app, Features → Access) and the app the scopes of the events.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setup: ['automatic'] } },
			},
			{
				displayName:
					'Set up Zoom to send events here: in the Zoom App Marketplace open your app → Features → Access, turn on Event Subscription and add a subscription. ' +
					'Paste the Production URL shown above (under Webhook URLs) as the Event notification endpoint URL; while you build, paste the Test URL instead and click "Listen for test event" first. ' +
					'Under Add Events → Phone pick the same events as below, click Validate, then Save. ' +
					'Copy the Secret Token shown on that page into the Zoom SMS API credential\'s Webhook Secret Token field.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setup: ['manual'] } },
			},
			{
				displayName:
					'Keep the workflow active (published): Zoom checks the production URL again every 72 hours and turns the subscription off after repeated failures. Switching between the Test URL and the Production URL means editing the subscription in Zoom and validating again.',
				name: 'activeNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setup: ['manual'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: ['phone.sms_received'],
				description: 'The Zoom events that start the workflow. Pick the same events in the app\'s Event Subscription in Zoom.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Attachment Property Prefix',
						name: 'binaryPropertyPrefix',
						type: 'string',
						default: 'attachment_',
						description: 'Name of the binary properties that hold the downloaded files: the prefix and the attachment\'s index (attachment_0, attachment_1, …)',
						displayOptions: { show: { downloadAttachments: [true] } },
					},
					{
						displayName: 'Download Attachments',
						name: 'downloadAttachments',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the images of a received MMS into binary properties of the item, with the credential\'s Zoom token. A file that cannot be downloaded is listed under attachmentErrors; the workflow still starts.',
					},
					{
						displayName: 'Max Attachment Size (MB)',
						name: 'maxAttachmentSizeMb',
						type: 'number',
						typeOptions: { minValue: 0.1, numberPrecision: 1 },
						default: 10,
						description: 'Larger files are not downloaded (listed under attachmentErrors instead)',
						displayOptions: { show: { downloadAttachments: [true] } },
					},
				],
			},
		],
	};

	// Manual setup: the subscription is made in the Marketplace, and Zoom's API cannot change subscriptions
	// made there, so there is nothing to register or remove. Automatic: subscription.ts.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return isManual(this) ? true : await subscriptionExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return isManual(this) ? true : await createSubscription.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return isManual(this) ? true : await deleteSubscription.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleZoomWebhook.call(this);
	}
}
