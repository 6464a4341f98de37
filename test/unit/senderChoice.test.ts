import { chooseSender, formatCandidates, needsTokenOwner, type SenderCandidate, type TokenOwnerLookup } from '../../nodes/shared/senderChoice';

const alex: SenderCandidate = { number: '+15550100001', assignee: 'Alex Rivera' };
const alex2: SenderCandidate = { number: '+15550110001', assignee: 'Alex Rivera' };
const support: SenderCandidate = { number: '+15550100002', assignee: 'Support' };
const owner = (numbers: string[], smsEnabled?: boolean): TokenOwnerLookup => ({ found: true, label: 'Alex Rivera', numbers, ...(smsEnabled === undefined ? {} : { smsEnabled }) });

describe('chooseSender', () => {
	test.each<[string, SenderCandidate[], TokenOwnerLookup | undefined, string | undefined, RegExp]>([
		['the token user\'s only number', [alex, support], owner(['+15550100001']), alex.number, /Alex Rivera, the Zoom user of the app's token/],
		['profile numbers without "+" still match', [alex, support], owner(['15550100001']), alex.number, /Alex Rivera/],
		['the account\'s only number, owner unread', [support], undefined, support.number, /only number of the Zoom account/],
		['the account\'s only number when the owner has none', [support], owner([]), support.number, /only number of the Zoom account/],
		['the owner\'s number not in the account list does not count', [alex2, support], owner(['+15550100001']), undefined, /cannot choose between 2/],
		['the owner has several numbers', [alex, alex2, support], owner(['+15550100001', '+15550110001']), undefined, /cannot choose between 2/],
		['the owner may not send SMS', [alex, support], owner(['+15550100001'], false), undefined, /SMS policy is off/],
		['the owner could not be read', [alex, support], { found: false, problem: 'code 4711' }, undefined, /could not be read \(code 4711\)/],
		['no number at all', [], undefined, undefined, /no number that can send SMS/],
	])('%s', (_, account, lookup, chosen, text) => {
		const choice = chooseSender(account, lookup);
		if (chosen) {
			expect(choice).toMatchObject({ chosen: true, number: chosen });
			expect(choice.chosen && choice.reason).toMatch(text);
		} else {
			expect(choice.chosen).toBe(false);
			if (!choice.chosen) expect(`${choice.message}. ${choice.fix}`).toMatch(text);
		}
	});

	test('an ambiguous choice lists the account\'s numbers as the picker shows them and says how to pick', () => {
		const choice = chooseSender([alex, support], { found: false, problem: 'x' });
		expect(choice.chosen).toBe(false);
		if (choice.chosen) return;
		expect(choice.fix).toContain('+15550100001 (Alex Rivera), +15550100002 (Support)');
		expect(choice.fix).toContain('"By Number"');
		expect(choice.candidates).toEqual([alex, support]);
	});

	test('the owner is only needed when the account leaves a choice', () => {
		expect(needsTokenOwner([])).toBe(false);
		expect(needsTokenOwner([alex])).toBe(false);
		expect(needsTokenOwner([alex, support])).toBe(true);
	});

	test('long lists are cut', () => {
		const many = Array.from({ length: 13 }, (_, i) => ({ number: `+1555020${String(i).padStart(4, '0')}` }));
		expect(formatCandidates(many)).toMatch(/and 3 more$/);
	});
});
