/**
 * The rule the From list and the Automatic From share (nodes/shared/senderEligibility.ts), and the
 * campaign part of the From list's labels.
 */
import {
	campaignLabel,
	campaignStillUnknown,
	canSendSms,
	senderLabel,
	sendingNumbers,
	type AccountNumber,
	type CampaignKnowledge,
} from '../../nodes/shared/senderEligibility';

describe('canSendSms', () => {
	test.each<[string, AccountNumber, boolean]>([
		['a user\'s number', { number: '+15550100001', assigneeType: 'user' }, true],
		['a call queue\'s number', { number: '+15550100002', assigneeType: 'callQueue' }, true],
		['an auto receptionist\'s number', { number: '+15550100003', assigneeType: 'autoReceptionist' }, true],
		['a common-area phone\'s number', { number: '+15550100006', assigneeType: 'commonArea' }, false],
		['a shared line group\'s number', { number: '+15550100007', assigneeType: 'sharedLineGroup' }, false],
		['an emergency number pool\'s number', { number: '+15550100008', assigneeType: 'emergencyNumberPool' }, false],
		['a company location\'s number', { number: '+15550100009', assigneeType: 'companyLocation' }, false],
		['a meeting service\'s number', { number: '+15550100010', assigneeType: 'meetingService' }, false],
		['an assignee without a type', { number: '+15550100011', assigneeType: '' }, false],
		['an unassigned number', { number: '+15550100005' }, false],
		['a toll-free user number', { number: '+18885550100', assigneeType: 'user', numberType: 'tollfree' }, true],
	])('%s', (_, number, expected) => {
		expect(canSendSms(number)).toBe(expected);
	});

	test('sendingNumbers keeps the order and only the numbers that can send', () => {
		const numbers: AccountNumber[] = [
			{ number: '+1', assigneeType: 'commonArea' },
			{ number: '+2', assigneeType: 'user' },
			{ number: '+3' },
			{ number: '+4', assigneeType: 'callQueue' },
		];
		expect(sendingNumbers(numbers).map((n) => n.number)).toEqual(['+2', '+4']);
	});
});

describe('campaign labels', () => {
	const alex: AccountNumber = { number: '+15550100001', assigneeType: 'user', numberType: 'toll' };
	const jordan: AccountNumber = { number: '+15550100004', assigneeType: 'user', numberType: 'toll' };
	const tollFree: AccountNumber = { number: '+18885550100', assigneeType: 'user', numberType: 'tollfree' };
	const london: AccountNumber = { number: '+442071838750', assigneeType: 'user', numberType: 'toll' };
	const known = (complete: boolean): CampaignKnowledge => ({ byNumber: new Map([['15550100001', { name: 'Reminders', status: 'active' }]]), complete });

	test.each<[string, AccountNumber, CampaignKnowledge | undefined, string | undefined]>([
		['in an active campaign', alex, known(true), '10DLC "Reminders": active'],
		['in a campaign whose status is Zoom\'s exception "--"', alex, { byNumber: new Map([['15550100001', { name: 'R', status: '--' }]]), complete: true }, '10DLC "R": exception'],
		['in no campaign, every campaign read', jordan, known(true), 'in no 10DLC campaign'],
		['not found, but not every campaign was read', jordan, known(false), undefined],
		['campaigns not read (no scope)', alex, undefined, undefined],
		['a toll-free number is no 10DLC number', tollFree, known(true), undefined],
		['a UK number is no 10DLC number', london, known(true), undefined],
	])('%s', (_, number, campaigns, label) => {
		expect(campaignLabel(number, campaigns)).toBe(label);
	});

	test('senderLabel: number, owner, then the campaign', () => {
		expect(senderLabel({ ...alex, owner: 'Alex Rivera' }, known(true))).toBe('+15550100001 — Alex Rivera · 10DLC "Reminders": active');
		expect(senderLabel({ ...alex, owner: 'Alex Rivera' }, undefined)).toBe('+15550100001 — Alex Rivera');
		expect(senderLabel(jordan, undefined)).toBe('+15550100004');
	});

	test('campaignStillUnknown: only 10DLC numbers not placed yet', () => {
		expect(campaignStillUnknown([alex, jordan, tollFree, london], known(true).byNumber)).toEqual([jordan]);
	});
});
