import { SEND_AND_WAIT_OPERATION as N8N_SEND_AND_WAIT } from 'n8n-workflow';

import { SEND_AND_WAIT_OPERATION } from '../../nodes/ZoomSms/actions/message/sendAndWait/description';
import { answerLink, durationMs, findReply, WAIT_INDEFINITELY_MS, WaitLimitError, waitLimitDate, type ConversationMessage } from '../../nodes/shared/waitForAnswer';

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('waitLimitDate', () => {
	test.each([
		['no limit set', undefined, WAIT_INDEFINITELY_MS],
		['empty values', {}, WAIT_INDEFINITELY_MS],
		['45 minutes', { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' }, NOW + 45 * 60_000],
		['1.5 hours', { limitType: 'afterTimeInterval', resumeAmount: 1.5, resumeUnit: 'hours' }, NOW + 90 * 60_000],
		['2 days', { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'days' }, NOW + 2 * 86_400_000],
		['an amount as text', { limitType: 'afterTimeInterval', resumeAmount: '3', resumeUnit: 'minutes' }, NOW + 3 * 60_000],
		['a date and time', { limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-24T18:00:00Z' }, Date.parse('2026-12-24T18:00:00Z')],
	])('%s', (_name, values, expected) => {
		expect(waitLimitDate(values, NOW)).toBe(expected);
	});

	test.each([
		['a date already past', { limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-01T00:00:00Z' }, 'Limit Wait Time: 2026-12-01T00:00:00.000Z has already passed'],
		['a date that is not one', { limitType: 'atSpecifiedTime', maxDateAndTime: 'tomorrow' }, 'Limit Wait Time: "tomorrow" is not a date and time'],
		['a zero amount', { limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'hours' }, 'Limit Wait Time must be a number above 0, but it is 0'],
		['an amount that is not a number', { limitType: 'afterTimeInterval', resumeAmount: 'soon', resumeUnit: 'hours' }, 'Limit Wait Time must be a number above 0, but it is "soon"'],
		['an unknown unit', { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'weeks' }, 'Limit Wait Time: unknown unit "weeks"'],
		['an unknown type', { limitType: 'never' }, 'Limit Wait Time: unknown limit type "never"'],
	])('refuses %s', (_name, values, message) => {
		expect(() => waitLimitDate(values, NOW)).toThrow(new WaitLimitError(message, ''));
	});
});

describe('durationMs', () => {
	test.each([
		[30, 'seconds', 30_000],
		[0.5, 'minutes', 30_000],
		[24, 'hours', 86_400_000],
	])('%s %s', (amount, unit, expected) => {
		expect(durationMs(amount, unit, 'Wait Up To')).toBe(expected);
	});
});

describe('answerLink', () => {
	test.each([
		[
			'n8n\'s resume URL with the node ID after the token',
			'https://n8n.example.com/webhook-waiting/42?signature=ab12',
			'3f1c2d4e-0000-4000-8000-000000000001',
			'https://n8n.example.com/webhook-waiting/42?signature=ab12/3f1c2d4e-0000-4000-8000-000000000001',
		],
		['a node ID with characters a URL needs escaped', 'http://127.0.0.1:5678/webhook-waiting/7?signature=cd', 'a b/c', 'http://127.0.0.1:5678/webhook-waiting/7?signature=cd/a%20b%2Fc'],
	])('%s', (_name, resumeUrl, nodeId, expected) => {
		const link = answerLink(resumeUrl, nodeId);
		expect(link).toBe(expected);
		// What n8n reads back from it: the token, then the webhook path (n8n 2.41.1 parseSignatureParam).
		const signature = new URL(link).searchParams.get('signature') ?? '';
		expect(signature.slice(signature.indexOf('/') + 1)).toBe(nodeId);
	});

	test('a resume URL without its token is refused', () => {
		expect(() => answerLink('https://n8n.example.com/webhook-waiting/42', 'node')).toThrow('The resume URL carries no signature');
	});
});

describe('findReply', () => {
	const ours = { messageId: 'OURS', dateTime: '2026-12-02T12:00:05Z' };
	const out = (id: string, at: string): ConversationMessage => ({ message_id: id, date_time: at, direction: 'Out', message: 'question', sender: { phone_number: '15550100001' } });
	const inbound = (id: string, at: string, text: string, from = '15557654321'): ConversationMessage => ({ message_id: id, date_time: at, direction: 'In', message: text, sender: { phone_number: from } });

	test.each<[string, ConversationMessage[], string | undefined]>([
		['the first inbound message after ours', [inbound('OLD', '2026-12-02T11:00:00Z', 'old'), out('OURS', ours.dateTime), inbound('R1', '2026-12-02T12:01:00Z', 'yes'), inbound('R2', '2026-12-02T12:02:00Z', 'no')], 'R1'],
		['not a message listed before ours, even in the same second', [inbound('SAME', ours.dateTime, 'before'), out('OURS', ours.dateTime)], undefined],
		['not our own later messages', [out('OURS', ours.dateTime), out('LATER', '2026-12-02T12:01:00Z')], undefined],
		['not another participant\'s message', [out('OURS', ours.dateTime), inbound('X', '2026-12-02T12:01:00Z', 'hi', '15550009999'), inbound('R', '2026-12-02T12:02:00Z', 'ok')], 'R'],
		['ours not listed yet: the first inbound dated no earlier than ours', [inbound('OLD', '2026-12-02T12:00:04Z', 'old'), inbound('R', '2026-12-02T12:00:05Z', 'ok')], 'R'],
		['nothing after ours', [out('OURS', ours.dateTime)], undefined],
	])('%s', (_name, messages, expected) => {
		expect(findReply(messages, ours, ['+15557654321'])?.messageId).toBe(expected);
	});

	test('the reply as the node outputs it', () => {
		expect(findReply([out('OURS', ours.dateTime), inbound('R', '2026-12-02T12:01:00Z', 'YES')], ours, ['+15557654321'])).toEqual({
			messageId: 'R',
			text: 'YES',
			dateTime: '2026-12-02T12:01:00Z',
			from: '+15557654321',
		});
	});
});

test('the operation is named as n8n names send-and-wait operations', () => {
	expect(SEND_AND_WAIT_OPERATION).toBe(N8N_SEND_AND_WAIT);
});
