import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PhoneNumberError, toE164 } from '../../../shared/phoneNumbers';
import { ZoomClient } from '../../transport';
import { zoomPages } from '../../transport/pagination';
import { collectRecords, forEachItem, pageSizeFor, requiredText, returnAllAndLimit, wantedCount, windowQuery, windowsFromFilters } from '../common';
import { normalizeSession, type ZoomSession } from '../zoomRecords';

const showForGetMany = { show: { resource: ['conversation'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Conversations Of',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Account', value: 'account', description: 'Every SMS conversation of the Zoom account' },
			{ name: 'User', value: 'user', description: 'The conversations one Zoom Phone user can see' },
		],
		default: 'account',
		description: 'Whose SMS conversations to list',
		displayOptions: showForGetMany,
	},
	{
		displayName: 'User ID or Email',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'alex.rivera@example.com',
		description: 'The Zoom user\'s ID or email address',
		displayOptions: { show: { ...showForGetMany.show, scope: ['user'] } },
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
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description:
					'Only conversations whose last message is at or before this time. Without Start Date and End Date, Zoom returns the past 30 days A date in the future reads up to now.',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description:
					'Only conversations with this number, yours or the contact\'s. Numbers without a country code are read as US/Canada numbers.',
			},
			{
				displayName: 'Session Type',
				name: 'sessionType',
				type: 'options',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Auto Receptionist', value: 'auto_receptionist' },
					{ name: 'Call Queue', value: 'call_queue' },
					{ name: 'Service Endpoint', value: 'service_endpoint', description: 'Account conversations only' },
					{ name: 'User', value: 'user', description: 'Numbers assigned to a user' },
				],
				default: 'all',
				description: 'Only conversations of numbers assigned to this kind of owner. Without this filter, all kinds are returned.',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'Only conversations whose last message is at or after this time. Ranges longer than a month are read month by month.',
			},
		],
	},
];

interface ConversationFilters {
	startDate?: string;
	endDate?: string;
	sessionType?: string;
	phoneNumber?: string;
}

/** The account's (`/phone/sms/sessions`) or one user's (`/phone/users/{userId}/sms/sessions`) conversations, newest first. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	const node = this.getNode();
	return await forEachItem(this, items, async (itemIndex) => {
		const scope = this.getNodeParameter('scope', itemIndex, 'account') as string;
		const path =
			scope === 'user'
				? `/phone/users/${encodeURIComponent(requiredText(this, 'userId', 'User ID or Email', itemIndex, 'Enter the Zoom user\'s ID or email address.'))}/sms/sessions`
				: '/phone/sms/sessions';
		const filters = this.getNodeParameter('filters', itemIndex, {}) as ConversationFilters;
		// Zoom's own default is `user`, which silently hides call-queue and auto-receptionist conversations.
		const sessionType = filters.sessionType || 'all';
		if (scope === 'user' && sessionType === 'service_endpoint') {
			throw new NodeOperationError(node, `Item ${itemIndex}: Session Type "Service Endpoint" is only available for the whole account`, {
				itemIndex,
				description: 'Set Conversations Of to Account, or pick another Session Type.',
			});
		}
		let phoneNumber: string | undefined;
		if (filters.phoneNumber?.trim()) {
			try {
				// Zoom's documented example is digits without "+" ("18108001001").
				phoneNumber = toE164(filters.phoneNumber.trim(), 'US').slice(1);
			} catch (error) {
				throw new NodeOperationError(node, `Item ${itemIndex}: Phone Number: ${(error as Error).message}`, {
					itemIndex,
					description: error instanceof PhoneNumberError ? `A valid number looks like ${error.example.e164}.` : undefined,
				});
			}
		}
		const wanted = wantedCount(this, itemIndex);
		const windows = windowsFromFilters(this, itemIndex, filters);
		// Zoom lists the newest conversations first; walking the months newest first keeps that order.
		const ordered = windows ? [...windows].reverse() : [undefined];
		return await collectRecords<ZoomSession>({
			windows: ordered,
			pages: (window) =>
				zoomPages<ZoomSession>(
					client,
					{
						method: 'GET',
						path,
						qs: { session_type: sessionType, ...(phoneNumber ? { phone_number: phoneNumber } : {}), ...windowQuery(window) },
					},
					'sms_sessions',
					pageSizeFor(wanted),
				),
			keyOf: (record) => record.session_id,
			map: (record) => normalizeSession(record),
			wanted,
		});
	}, (itemIndex) => (this.getNodeParameter('scope', itemIndex, 'account') === 'user' ? 'listUserSessions' : 'listAccountSessions'));
}
