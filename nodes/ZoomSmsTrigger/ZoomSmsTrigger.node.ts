import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_OPTIONS } from './events';
import { handleZoomWebhook } from './webhook';

export class ZoomSmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoom SMS Trigger',
		name: 'zoomSmsTrigger',
		icon: { light: 'file:../../icons/zoom.svg', dark: 'file:../../icons/zoom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).length === 1 ? $parameter["events"][0] : ($parameter["events"] || []).length + " events" }}',
		description: 'Starts the workflow when a Zoom Phone number receives or sends an SMS, a send fails, or a contact opts in or out',
		defaults: { name: 'Zoom SMS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zoomSmsApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Set up Zoom to send events here: in the Zoom App Marketplace open your app → Features → Access, turn on Event Subscription and add a subscription. ' +
					'Paste the Production URL shown above (under Webhook URLs) as the Event notification endpoint URL; while you build, paste the Test URL instead and click "Listen for test event" first. ' +
					'Under Add Events → Phone pick the same events as below, click Validate, then Save. ' +
					'Copy the Secret Token shown on that page into the Zoom SMS API credential\'s Webhook Secret Token field.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'Keep the workflow active (published): Zoom checks the production URL again every 72 hours and turns the subscription off after repeated failures. Switching between the Test URL and the Production URL means editing the subscription in Zoom and validating again.',
				name: 'activeNotice',
				type: 'notice',
				default: '',
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

	// Zoom's event subscriptions for a Server-to-Server app are set up by hand in the Marketplace (see the
	// notice above); Zoom's API cannot change subscriptions made there. There is nothing to register or
	// remove when the workflow is activated or deactivated, so these report success.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleZoomWebhook.call(this);
	}
}
