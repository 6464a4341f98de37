import type { INodePropertyMode } from 'n8n-workflow';

function mode(displayName: string, name: string, details: Omit<INodePropertyMode, 'displayName' | 'name'>): INodePropertyMode {
	return { displayName, name, ...details };
}

/**
 * How a user names one of the account's Zoom Phone numbers in the editor: picked from the list (the same
 * search as the Zoom SMS node's From: the numbers that can send, senderEligibility.ts, with their 10DLC
 * campaign status) or typed. Shared by every node that asks for an account number, so
 * the picker looks and behaves the same everywhere. Stored mode names (`list`, `number`) are a contract.
 */
export const ACCOUNT_NUMBER_MODES: INodePropertyMode[] = [
	mode('From List', 'list', { type: 'list', typeOptions: { searchListMethod: 'searchSenderNumbers', searchable: true } }),
	mode('By Number', 'number', { type: 'string', placeholder: '+15551234567', hint: 'A number of your Zoom account, in E.164 format' }),
];
