/** The phone-number lists the Opt Status operations read, and the campaign numbers they default to. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseRecipients, PhoneNumberError, RecipientListError } from '../../../shared/phoneNumbers';
import type { ZoomClient } from '../../transport';
import { getCampaign } from '../smsCampaign/campaignApi';

/**
 * Up to 10 numbers of a text parameter, in E.164 (US when written without a country code); empty gives
 * `[]` unless `required`.
 */
export function numberList(context: IExecuteFunctions, name: string, label: string, itemIndex: number, required: boolean): string[] {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = Array.isArray(raw) ? raw.map(String).join(', ') : String(raw ?? '').trim();
	if (!text) {
		if (!required) return [];
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${label} is empty`, {
			itemIndex,
			description: `Enter up to 10 phone numbers in E.164 like +15551234567, separated by commas.`,
		});
	}
	try {
		return parseRecipients(text, 'US');
	} catch (error) {
		if (error instanceof RecipientListError && error.code === 'TOO_MANY_RECIPIENTS') {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${label} holds ${error.count} numbers, Zoom takes at most 10`, {
				itemIndex,
				description: 'Split the numbers over several items (e.g. with Split Out), 10 at most per item.',
			});
		}
		if (error instanceof PhoneNumberError || error instanceof RecipientListError) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${label}: ${error.message}`, {
				itemIndex,
				description: 'Zoom takes at most 10 numbers per request; write them in E.164 like +15551234567, separated by commas.',
			});
		}
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

/** The account numbers given, or else every number of the campaign (read from Zoom). */
export async function campaignNumbers(client: ZoomClient, campaignId: string, given: string[]): Promise<string[]> {
	if (given.length > 0) return given;
	const campaign = await getCampaign(client, campaignId);
	return ((campaign.phoneNumbers as Array<{ number: string }> | undefined) ?? []).map((entry) => entry.number).filter(Boolean);
}
