import { chunk, normalizeCampaign, normalizeOptStatus, numberKey, optStatusReads, pairKey, splitByConsent, userOptStatusReads } from '../../nodes/shared/optStatus';

const A = '+15550100001';
const B = '+15550100002';
const T = '+15550110001';
const [c1, c2, c3] = ['+15557654321', '+15558675309', '+15552220199'];

describe('splitByConsent', () => {
	const statuses = new Map([
		[pairKey(A, c1), 'opt_out'],
		[pairKey(A, c2), 'opt_in'],
		[pairKey(A, c3), 'pending'],
		[pairKey(B, c2), 'opt_out'],
	]);
	test.each<[string, string, string[], string[], string[]]>([
		['opt_out is left out', A, [c1], [], [c1]],
		['opt_in and pending are kept', A, [c2, c3], [c2, c3], []],
		['a group keeps its order, minus the opted-out', A, [c3, c1, c2], [c3, c2], [c1]],
		['the status is per sender: opted out of B, not of A', A, [c2], [c2], []],
		['…and of B', B, [c2], [], [c2]],
		['a pair Zoom did not report is kept', T, [c1], [c1], []],
		['numbers without "+" match (Zoom prints both)', A, ['15557654321'], [], ['15557654321']],
	])('%s', (_, from, recipients, keep, optedOut) => {
		expect(splitByConsent(from, recipients, statuses)).toEqual({ keep, optedOut });
	});
});

describe('optStatusReads', () => {
	const campaignOf = (sender: string) => ({ [numberKey(A)]: 'C-1', [numberKey(B)]: 'C-1', [numberKey(T)]: undefined })[numberKey(sender)];
	test.each<[string, Array<{ from: string; to: string }>, Array<{ campaignId: string; consumer: string; zoomNumbers: string[] }>]>([
		['one read per distinct consumer', [{ from: A, to: c1 }, { from: A, to: c1 }, { from: A, to: c2 }], [
			{ campaignId: 'C-1', consumer: c1, zoomNumbers: [A] },
			{ campaignId: 'C-1', consumer: c2, zoomNumbers: [A] },
		]],
		['two senders of one campaign share the read', [{ from: A, to: c1 }, { from: B, to: c1 }], [{ campaignId: 'C-1', consumer: c1, zoomNumbers: [A, B] }]],
		['a sender in no campaign is not read', [{ from: T, to: c1 }], []],
		['spellings of one number count once', [{ from: A, to: c1 }, { from: '15550100001', to: '15557654321' }], [{ campaignId: 'C-1', consumer: c1, zoomNumbers: [A] }]],
		['nothing to read', [], []],
	])('%s', (_, texts, reads) => {
		expect(optStatusReads(texts, campaignOf)).toEqual(reads);
	});

	test('more than 10 senders for one consumer are split into requests of 10 (Zoom\'s maxItems)', () => {
		const senders = Array.from({ length: 23 }, (_, i) => `+1555070${String(i).padStart(4, '0')}`);
		const reads = optStatusReads(senders.map((from) => ({ from, to: c1 })), () => 'C-9');
		expect(reads.map((read) => read.zoomNumbers.length)).toEqual([10, 10, 3]);
	});
});

describe('userOptStatusReads', () => {
	const ownerOf = (sender: string) => ({ [numberKey(A)]: 'U-alex', [numberKey(T)]: 'U-alex', [numberKey(B)]: undefined })[numberKey(sender)];
	test.each<[string, Array<{ from: string; to: string }>, Array<{ userId: string; consumers: string[]; zoomNumbers: string[] }>]>([
		['one request for a user\'s consumers', [{ from: A, to: c1 }, { from: A, to: c2 }, { from: A, to: c1 }], [{ userId: 'U-alex', consumers: [c1, c2], zoomNumbers: [A] }]],
		['two numbers of one user share it', [{ from: A, to: c1 }, { from: T, to: c2 }], [{ userId: 'U-alex', consumers: [c1, c2], zoomNumbers: [A, T] }]],
		['a number that is not a user\'s is left to the campaign path', [{ from: B, to: c1 }], []],
	])('%s', (_, texts, reads) => {
		expect(userOptStatusReads(texts, ownerOf)).toEqual(reads);
	});

	test('25 consumers of one sender take 3 requests of at most 10 (Zoom\'s maxItems)', () => {
		const texts = Array.from({ length: 25 }, (_, i) => ({ from: A, to: `+1555080${String(i).padStart(4, '0')}` }));
		expect(userOptStatusReads(texts, ownerOf).map((read) => read.consumers.length)).toEqual([10, 10, 5]);
	});
});

describe('chunk', () => {
	test.each<[number[], number, number[][]]>([
		[[], 10, []],
		[[1, 2, 3], 10, [[1, 2, 3]]],
		[[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
	])('%j by %d', (list, size, pieces) => expect(chunk(list, size)).toEqual(pieces));
});

describe('records', () => {
	test('a campaign keeps Zoom\'s fields in camelCase, numbers in E.164', () => {
		expect(
			normalizeCampaign({
				id: 'C-1',
				display_name: 'Reminders',
				status: 'active',
				service_type: 'zoomPhone',
				brand: { id: 'B-1', name: 'Acme' },
				phone_numbers: [{ id: 'n1', number: '18887193005' }],
				auto_renew: true,
				create_time: '2022-07-21T02:23:25.000Z',
			}),
		).toEqual({
			id: 'C-1',
			displayName: 'Reminders',
			status: 'active',
			serviceType: 'zoomPhone',
			brand: { id: 'B-1', name: 'Acme' },
			phoneNumbers: [{ id: 'n1', number: '+18887193005' }],
			autoRenew: true,
			createTime: '2022-07-21T02:23:25.000Z',
		});
		expect(normalizeCampaign({ id: 'C-2', status: '--' })).toEqual({ id: 'C-2', displayName: '', status: '--' });
	});

	test('an opt status, with the user-level sub-status when Zoom gives it', () => {
		expect(normalizeOptStatus({ consumer_phone_number: '15043449240', zoom_phone_user_number: '+12094436304', opt_status: 'opt_out' }, { campaignId: 'C-1' })).toEqual({
			campaignId: 'C-1',
			consumerPhoneNumber: '+15043449240',
			zoomPhoneNumber: '+12094436304',
			optStatus: 'opt_out',
		});
		expect(normalizeOptStatus({ consumer_phone_number: '+1', opt_status: 'pending', opt_in_status: 1, opt_in_message: 'Text START' })).toMatchObject({ optInStatus: 1, optInMessage: 'Text START' });
	});
});
