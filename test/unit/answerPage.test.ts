import { approvalAnswer, escapeHtml, freeTextAnswer, questionPage } from '../../nodes/shared/answerPage';

describe('answer pages', () => {
	test('the question and the labels are escaped: a message cannot inject markup into the page', () => {
		const html = questionPage({ kind: 'approval', message: '<script>alert(1)</script> & "quotes"', approveLabel: '<b>Yes</b>', declineLabel: "No'" });
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<b>');
		expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;');
		expect(html).toContain('No&#39;');
	});

	test.each([
		['Approve only', { kind: 'approval' as const, message: 'Refund?', approveLabel: 'Approve' }, ['value="approve"'], ['value="decline"']],
		['Approve and Decline', { kind: 'approval' as const, message: 'Refund?', approveLabel: 'Yes', declineLabel: 'No' }, ['value="approve"', 'value="decline"', '>No<', '>Yes<'], []],
		['Free Text', { kind: 'freeText' as const, message: 'Which day?', title: 'Reschedule', buttonLabel: 'Send' }, ['<textarea name="response"', '<h1>Reschedule</h1>', '>Send<'], ['value="approve"']],
	])('%s: the form posts to the link itself, with the right fields', (_name, question, present, absent) => {
		const html = questionPage(question);
		expect(html).toContain('<form method="post">');
		expect(html).not.toMatch(/action=/);
		for (const part of present) expect(html).toContain(part);
		for (const part of absent) expect(html).not.toContain(part);
	});

	test.each<[string, unknown, boolean, boolean | undefined]>([
		['approve', { answer: 'approve' }, false, true],
		['decline where offered', { answer: 'decline' }, true, false],
		['decline where not offered', { answer: 'decline' }, false, undefined],
		['no answer', {}, true, undefined],
		['something else', { answer: 'maybe' }, true, undefined],
		['no body', undefined, true, undefined],
	])('approvalAnswer: %s', (_name, body, declineOffered, expected) => {
		expect(approvalAnswer(body, declineOffered)).toBe(expected);
	});

	test.each<[unknown, string]>([
		[{ response: '  Tuesday at 3  ' }, 'Tuesday at 3'],
		[{ response: '   ' }, ''],
		[{ response: ['a', 'b'] }, ''],
		[undefined, ''],
	])('freeTextAnswer(%j)', (body, expected) => {
		expect(freeTextAnswer(body)).toBe(expected);
	});

	test('escapeHtml', () => {
		expect(escapeHtml(`a<b>&"'`)).toBe('a&#60;b&#62;&#38;&#34;&#39;');
	});
});
