/**
 * Message → Send, step 1: every item's parameters read and checked before anything is sent, so that a bad
 * number or text in item 7 never leaves items 0–6 sent and the run failed.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MessageError, validateMessage } from '../../../../shared/messageSplitting';
import { parseRecipients, PhoneNumberError, RecipientListError, toE164, type CountryCode } from '../../../../shared/phoneNumbers';
import {
	booleanOption,
	longMessagesOption,
	messageText,
	numberOption,
	SEND_LIMITS,
	SendValueError,
	textOption,
} from '../../../../shared/sendOptions';
import type { SenderChoice } from '../../../../shared/senderChoice';
import { parameterReader } from '../../common';
import { eventLoopYielder } from '../../eventLoop';
import { AttachmentError, loadAttachments, parseAttachmentNames, type AttachmentSummary } from '../attachments';
import type { SenderLookupFailure } from './automaticSender';
import { applyConsent, type ConsentCheck } from './consent';
import { AUTOMATIC_FROM_MODE } from './description';
import { allowedCountriesOption, checkAllowedCountries, oneToOneOf, type OneToOne } from './destinations';

export interface PreparedSend {
	from: string;
	/** Set when From is Automatic: why this number was chosen. */
	fromReason?: string;
	recipients: string[];
	/** The texts to send, in order; `['']` for an MMS without text. */
	parts: string[];
	sessionId?: string;
	timeoutMs: number;
	/** Binary property names of the images to attach (MMS), already checked. */
	attachmentNames: string[];
	attachments?: AttachmentSummary[];
	/** Recipients left out because they opted out (consent.ts); `recipients` then holds the others. */
	skippedRecipients?: string[];
	/** Several recipients that Zoom texts one by one (toll-free or non-US/CA sender): one request each. */
	oneToOne?: OneToOne;
}

/** What applies to the whole run, read from the first item (as n8n's own nodes do for run-wide options). */
export interface RunSettings {
	requestsPerSecond: number;
	deliveryCheckMs: number;
	resendIfNotInZoom: boolean;
}

interface RawOptions {
	attachments?: unknown;
	defaultCountry?: unknown;
	longMessages?: unknown;
	requestsPerSecond?: unknown;
	sessionId?: unknown;
	timeoutSeconds?: unknown;
	deliveryCheckSeconds?: unknown;
	resendIfNotInZoom?: unknown;
	allowedCountries?: unknown;
}

interface SendParameters {
	from: (itemIndex: number) => unknown;
	/** The From resource locator itself, for its mode. */
	fromLocator: (itemIndex: number) => unknown;
	to: (itemIndex: number) => unknown;
	message: (itemIndex: number) => unknown;
	options: (itemIndex: number) => RawOptions;
}

function readers(context: IExecuteFunctions): SendParameters {
	return {
		from: parameterReader<unknown>(context, 'from', '', { extractValue: true }),
		fromLocator: parameterReader<unknown>(context, 'from', ''),
		to: parameterReader<unknown>(context, 'to', ''),
		message: parameterReader<unknown>(context, 'message', ''),
		options: parameterReader<RawOptions>(context, 'options', {}),
	};
}

function itemError(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex, description });
}

/** The run-wide settings, from the first item's options. */
export function runSettings(context: IExecuteFunctions, itemCount: number): RunSettings {
	const options = itemCount > 0 ? readers(context).options(0) : {};
	try {
		return {
			requestsPerSecond: numberOption(options.requestsPerSecond, SEND_LIMITS.requestsPerSecond),
			deliveryCheckMs: numberOption(options.deliveryCheckSeconds, SEND_LIMITS.deliveryCheckSeconds) * 1000,
			resendIfNotInZoom: booleanOption(options.resendIfNotInZoom, 'Resend If Not in Zoom', false),
		};
	} catch (error) {
		const problem = error as SendValueError;
		throw itemError(context, 0, `${problem.message}`, `${problem.fix} Nothing was sent.`);
	}
}

/** Numbers already read in this run: the From number is usually the same for every item of a campaign. */
type NumberCache = Map<string, string>;

/** The Automatic From of the run (see automaticSender.ts), looked up once before items are prepared. */
export type AutomaticSender = SenderChoice | SenderLookupFailure;

function fromMode(locator: unknown): string | undefined {
	return locator !== null && typeof locator === 'object' && 'mode' in locator ? String((locator as { mode: unknown }).mode) : undefined;
}

/** Whether some item sends from the Automatic From: only then is Zoom asked which number it is. */
export function usesAutomaticSender(context: IExecuteFunctions, itemCount: number): boolean {
	const read = readers(context).fromLocator;
	// The mode is the same for every item unless it is itself an expression: one read then suffices, even
	// when the number is an expression (thousands of items would otherwise each be evaluated twice).
	const stored = context.getNode().parameters.from;
	const modeIsExpression = fromMode(stored)?.startsWith('=') === true;
	if (!modeIsExpression) return itemCount > 0 && fromMode(read(0)) === AUTOMATIC_FROM_MODE;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		if (fromMode(read(itemIndex)) === AUTOMATIC_FROM_MODE) return true;
	}
	return false;
}

function automaticFrom(context: IExecuteFunctions, itemIndex: number, typed: string, automatic: AutomaticSender | undefined): { from: string; fromReason: string } {
	if (typed) {
		throw itemError(context, itemIndex, `From is Automatic but holds "${typed}"`, 'Empty the From field to let the node choose, or set From to "By Number" to send from that number. Nothing was sent for this item.');
	}
	if (automatic === undefined) throw new NodeOperationError(context.getNode(), 'The Automatic From was not looked up', { itemIndex });
	if (!automatic.chosen) throw itemError(context, itemIndex, automatic.message, `${automatic.fix} Nothing was sent.`);
	return { from: automatic.number, fromReason: automatic.reason };
}

function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
	parameters: SendParameters,
	fromNumbers: NumberCache,
	automatic: AutomaticSender | undefined,
): PreparedSend {
	let field = 'Options';
	try {
		const options = parameters.options(itemIndex);
		const country = (textOption(options.defaultCountry, 'Default Country') || 'US') as CountryCode;
		const timeoutSeconds = numberOption(options.timeoutSeconds, SEND_LIMITS.timeoutSeconds);
		const sessionId = textOption(options.sessionId, 'Session ID') || undefined;
		const longMessages = longMessagesOption(options.longMessages);
		field = 'From';
		const fromValue = textOption(parameters.from(itemIndex), 'From');
		const chosen = fromMode(parameters.fromLocator(itemIndex)) === AUTOMATIC_FROM_MODE ? automaticFrom(context, itemIndex, fromValue, automatic) : undefined;
		if (!fromValue && !chosen) {
			throw itemError(context, itemIndex, 'no From number', 'Pick the Zoom Phone number that sends the message in From, or type it in E.164 like +15551234567. Nothing was sent for this item.');
		}
		const fromKey = `${country} ${fromValue}`;
		const from = chosen?.from ?? fromNumbers.get(fromKey) ?? toE164(fromValue, country);
		if (!chosen) fromNumbers.set(fromKey, from);
		field = 'To';
		const toValue = parameters.to(itemIndex);
		if (toValue !== null && typeof toValue === 'object' && !Array.isArray(toValue)) {
			throw new SendValueError('To', `To must be a phone number or a list of them, but it is an object (${JSON.stringify(toValue).slice(0, 60)})`, 'Pick the phone field in the expression, for example {{ $json.phone }}.');
		}
		const recipients = parseRecipients((Array.isArray(toValue) ? toValue.map(String) : String(toValue ?? '')) as string | string[], country);
		checkAllowedCountries(recipients, allowedCountriesOption(options.allowedCountries));
		const oneToOne = oneToOneOf(from, recipients, sessionId);
		field = 'Message';
		const text = messageText(parameters.message(itemIndex));
		const attachmentNames = parseAttachmentNames(options.attachments);
		const parts = validateMessage(text, { mode: longMessages, hasAttachments: attachmentNames.length > 0 });
		return {
			from,
			...(chosen ? { fromReason: chosen.fromReason } : {}),
			recipients,
			// An MMS without text is one message carrying only the attachments.
			parts: parts.length === 0 ? [''] : parts,
			sessionId,
			timeoutMs: timeoutSeconds * 1000,
			attachmentNames,
			...(oneToOne ? { oneToOne } : {}),
		};
	} catch (error) {
		throw asItemError(context, itemIndex, field, error);
	}
}

/** What a failed check of an item's `field` becomes: a NodeOperationError naming the item, the value and the fix. */
function asItemError(context: IExecuteFunctions, itemIndex: number, field: string, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof SendValueError) return itemError(context, itemIndex, error.message, `${error.fix} Nothing was sent for this item.`);
	const known = error instanceof PhoneNumberError || error instanceof RecipientListError || error instanceof MessageError || error instanceof RangeError;
	if (!known) return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	return itemError(
		context,
		itemIndex,
		`${field}: ${(error as Error).message}`,
		error instanceof PhoneNumberError
			? `A valid number looks like ${error.example.e164} or, written for ${error.defaultCountry}, ${error.example.national}. Nothing was sent for this item.`
			: 'Nothing was sent for this item.',
	);
}

/**
 * Every item checked, in order; a bad item becomes its error (the caller decides whether it stops the run).
 * MMS images are read here to be checked, then dropped: they are read again just before their request.
 */
export async function prepareAll(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	automatic?: AutomaticSender,
	consent?: ConsentCheck,
): Promise<Array<PreparedSend | NodeOperationError>> {
	const parameters = readers(context);
	const fromNumbers: NumberCache = new Map();
	const giveWay = eventLoopYielder();
	const prepared: Array<PreparedSend | NodeOperationError> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const send = prepareItem(context, itemIndex, parameters, fromNumbers, automatic);
			if (send.attachmentNames.length > 0) {
				send.attachments = (await loadAttachments(context, itemIndex, send.attachmentNames)).map(
					({ binaryProperty, fileName, type, size }): AttachmentSummary => ({ binaryProperty, fileName, type, size }),
				);
			}
			prepared.push(send);
		} catch (error) {
			prepared.push(
				error instanceof NodeOperationError
					? error
					: error instanceof AttachmentError
						? itemError(context, itemIndex, `Attachments: ${error.message}`, 'Nothing was sent for this item.')
						: new NodeOperationError(context.getNode(), error as Error, { itemIndex, description: 'Nothing was sent for this item.' }),
			);
		}
		await giveWay();
	}
	return consent ? await applyConsent(context, prepared, consent) : prepared;
}
