import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ZoomClient } from '../../transport';
import { zoomPages } from '../../transport/pagination';
import { collectRecords, forEachItem, pageSizeFor, requiredText, returnAllAndLimit, wantedCount, windowQuery, windowsFromFilters } from '../common';
import { normalizeMessage, type ZoomMessage } from '../zoomRecords';

const showForGetMany = { show: { resource: ['message'], operation: ['getMany'] } };

/** Zoom's delivery statuses (`delivery_status`), used as they are so filters and output agree. */
export const DELIVERY_STATUS_OPTIONS = [
	{ name: 'Delivered', value: 'delivered', description: 'The carrier confirmed delivery to the phone' },
	{ name: 'Failed to Deliver', value: 'failed_to_deliver', description: 'The carrier could not deliver it' },
	{ name: 'Failed to Send', value: 'failed_to_send', description: 'Zoom could not hand it to the carrier' },
	{ name: 'Received', value: 'received', description: 'An incoming message that reached the Zoom number' },
	{ name: 'Sent', value: 'sent', description: 'Handed to the carrier, no delivery confirmation yet' },
	{ name: 'Unknown', value: 'unknown', description: 'Zoom cannot tell whether it was delivered' },
];

export const description: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'd39fc7e14ef9f2b6453f5f02524d79a2',
		description:
			'The ID of the conversation to read: the "sessionId" that Send, the Zoom SMS Trigger or Conversation → Get Many output',
		displayOptions: showForGetMany,
	},
	...returnAllAndLimit(showForGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForGetMany,
		options: [
			{
				displayName: 'Delivery Status',
				name: 'deliveryStatus',
				type: 'options',
				options: DELIVERY_STATUS_OPTIONS,
				default: 'delivered',
				description: 'Only messages with this delivery status',
			},
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Inbound', value: 'inbound', description: 'Only messages the contact sent to your Zoom number' },
					{ name: 'Outbound', value: 'outbound', description: 'Only messages your Zoom number sent' },
				],
				default: 'inbound',
				description: 'Only messages in this direction',
			},
			{
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description:
					'Only messages sent or received at or before this time. Without Start Date and End Date, Zoom returns the past 30 days A date in the future reads up to now.',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'Only messages sent or received at or after this time. Ranges longer than a month are read month by month.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showForGetMany,
		options: [
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'newestFirst' },
					{ name: 'Oldest First', value: 'oldestFirst' },
				],
				default: 'newestFirst',
				description: 'The order of the messages; with a Limit, it decides which messages are returned',
			},
		],
	},
];

interface MessageFilters {
	startDate?: string;
	endDate?: string;
	deliveryStatus?: string;
	direction?: 'inbound' | 'outbound';
}

/** The messages of one conversation (`GET /phone/sms/sessions/{sessionId}`), newest or oldest first. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const sessionId = requiredText(this, 'sessionId', 'Session ID', itemIndex, 'Enter the conversation ID, e.g. the "sessionId" output by Send.');
		const filters = this.getNodeParameter('filters', itemIndex, {}) as MessageFilters;
		const { order = 'newestFirst' } = this.getNodeParameter('options', itemIndex, {}) as { order?: string };
		const newestFirst = order !== 'oldestFirst';
		const wanted = wantedCount(this, itemIndex);
		const windows = windowsFromFilters(this, itemIndex, filters);
		// Walk the months in the order the messages are wanted, so a Limit keeps the right ones.
		const ordered = windows ? (newestFirst ? [...windows].reverse() : windows) : [undefined];
		return await collectRecords<ZoomMessage>({
			windows: ordered,
			pages: (window) =>
				zoomPages<ZoomMessage>(
					client,
					{
						method: 'GET',
						path: `/phone/sms/sessions/${encodeURIComponent(sessionId)}`,
						qs: {
							sort: newestFirst ? 2 : 1,
							...(filters.deliveryStatus ? { delivery_status: filters.deliveryStatus } : {}),
							...windowQuery(window),
						},
					},
					'sms_histories',
					pageSizeFor(wanted),
				),
			keyOf: (record) => record.message_id,
			map: (record) => {
				const json = normalizeMessage(record, { sessionId });
				// Zoom has no direction parameter: this filter is applied to what it returns.
				return filters.direction && json.direction !== filters.direction ? undefined : json;
			},
			wanted,
		});
	}, 'getSession');
}
