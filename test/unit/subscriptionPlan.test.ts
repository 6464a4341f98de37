/** Automatic setup's pure parts: the request sent to Zoom and whether a listed subscription is ours. */
import { checkSubscription, listedSubscriptions, subscriptionName, subscriptionRequest } from '../../nodes/ZoomSmsTrigger/subscriptionPlan';

const URL = 'https://n8n.example.com/webhook/abc/webhook';

describe('subscription plan', () => {
	test('the request: events de-duplicated and sorted, account scope, no users', () => {
		expect(subscriptionRequest({ events: ['phone.sms_sent', 'phone.sms_received', 'phone.sms_sent'], url: URL, accountId: 'acc', name: 'n' })).toEqual({
			events: ['phone.sms_received', 'phone.sms_sent'],
			event_subscription_name: 'n',
			event_webhook_url: URL,
			user_ids: [],
			subscription_scope: 'account',
			account_id: 'acc',
		});
	});

	test('the name is short', () => {
		expect(subscriptionName('My workflow', 'Zoom SMS Trigger')).toBe('n8n: My workflow / Zoom SMS Trigger');
		expect(subscriptionName('x'.repeat(100), 'y')).toHaveLength(64);
	});

	test.each([
		['event_subscriptions', { event_subscriptions: [{ event_subscription_id: 'a', event_webhook_url: URL, events: ['e'] }] }, 1],
		['subscriptions', { subscriptions: [{ id: 'a', event_webhook_url: URL, events: ['e'] }] }, 1],
		['an entry without id', { event_subscriptions: [{ event_webhook_url: URL }] }, 0],
		['nothing', null, 0],
		['not a list', { event_subscriptions: 'x' }, 0],
	])('reads a list answer with %s', (_name, answer, count) => {
		expect(listedSubscriptions(answer)).toHaveLength(count);
	});

	const listed = [
		{ id: 'mine', url: URL, events: ['phone.sms_received', 'phone.sms_sent'] },
		{ id: 'other', url: 'https://elsewhere.example.com/hook', events: ['phone.sms_received'] },
	];
	test.each([
		['remembered id, same URL and events (any order)', listed, 'mine', URL, ['phone.sms_sent', 'phone.sms_received'], { verdict: 'matches', id: 'mine' }],
		['no remembered id: found by URL', listed, undefined, URL, ['phone.sms_received', 'phone.sms_sent'], { verdict: 'matches', id: 'mine' }],
		['events changed in the node', listed, 'mine', URL, ['phone.sms_received'], { verdict: 'outdated', id: 'mine' }],
		['remembered id now points elsewhere (URL changed)', listed, 'other', URL, ['phone.sms_received'], { verdict: 'outdated', id: 'other' }],
		['gone at Zoom', listed.slice(1), 'mine', URL, ['phone.sms_received'], { verdict: 'missing' }],
		['nothing listed', [], undefined, URL, ['phone.sms_received'], { verdict: 'missing' }],
	])('%s', (_name, list, id, url, events, expected) => {
		expect(checkSubscription(list, id, url, events)).toEqual(expected);
	});
});
