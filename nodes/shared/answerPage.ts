/**
 * The pages the answer link opens (Message → Send and Wait for Response). Plain HTML, no script, small
 * enough for a phone on a slow network.
 *
 * Opening the link (GET) never records an answer: phones and messaging apps fetch links in texts to show a
 * preview [UNVERIFIED for each app], and such a fetch must not approve anything. The answer is the form's
 * POST, which only a person pressing a button sends.
 */

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface ApprovalPage {
	kind: 'approval';
	message: string;
	approveLabel: string;
	/** Absent: only Approve is offered. */
	declineLabel?: string;
}

export interface FreeTextPage {
	kind: 'freeText';
	message: string;
	title: string;
	buttonLabel: string;
	/** Shown when a submitted answer was empty. */
	problem?: string;
}

/** The form field names the POST carries. */
export const ANSWER_FIELD = 'answer';
export const RESPONSE_FIELD = 'response';
export const APPROVE_VALUE = 'approve';
export const DECLINE_VALUE = 'decline';

const STYLE =
	'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1f2933;margin:0;padding:24px}' +
	'main{max-width:480px;margin:8vh auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.08)}' +
	'h1{font-size:1.25rem;margin:0 0 12px}p{line-height:1.5;white-space:pre-wrap;margin:0 0 20px}' +
	'form{display:flex;flex-wrap:wrap;gap:12px}textarea{width:100%;min-height:120px;font:inherit;padding:8px;box-sizing:border-box}' +
	'button{flex:1;font:inherit;font-size:1rem;padding:12px 16px;border-radius:8px;border:1px solid #0b5cff;cursor:pointer}' +
	'.primary{background:#0b5cff;color:#fff}.secondary{background:#fff;color:#0b5cff}.problem{color:#b42318}';

function page(title: string, body: string): string {
	return (
		'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">' +
		`<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
	);
}

/** The page with the question and its button(s) or text field; the form posts back to the same link. */
export function questionPage(question: ApprovalPage | FreeTextPage): string {
	const message = question.message ? `<p>${escapeHtml(question.message)}</p>` : '';
	if (question.kind === 'approval') {
		const decline = question.declineLabel
			? `<button class="secondary" type="submit" name="${ANSWER_FIELD}" value="${DECLINE_VALUE}">${escapeHtml(question.declineLabel)}</button>`
			: '';
		return page(
			'Your answer',
			`<h1>Your answer</h1>${message}<form method="post">${decline}` +
				`<button class="primary" type="submit" name="${ANSWER_FIELD}" value="${APPROVE_VALUE}">${escapeHtml(question.approveLabel)}</button></form>`,
		);
	}
	const title = question.title || 'Your answer';
	const problem = question.problem ? `<p class="problem">${escapeHtml(question.problem)}</p>` : '';
	return page(
		title,
		`<h1>${escapeHtml(title)}</h1>${message}${problem}<form method="post">` +
			`<textarea name="${RESPONSE_FIELD}" required aria-label="Response" maxlength="10000"></textarea>` +
			`<button class="primary" type="submit">${escapeHtml(question.buttonLabel || 'Submit')}</button></form>`,
	);
}

/** After the answer was recorded. */
export function recordedPage(): string {
	return page('Answer recorded', '<h1>Thank you</h1><p>Your answer was recorded. You can close this page.</p>');
}

/** A link of a Send and Wait set to wait for a text reply: there is nothing to answer on the page. */
export function replyByTextPage(): string {
	return page('Reply by text', '<h1>Reply by text</h1><p>Answer this message by replying to the text you received.</p>');
}

/**
 * What a POSTed approval form says: true (approved), false (declined), or undefined when it holds neither
 * (or Decline where only Approve is offered).
 */
export function approvalAnswer(body: unknown, declineOffered: boolean): boolean | undefined {
	const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[ANSWER_FIELD] : undefined;
	if (value === APPROVE_VALUE) return true;
	if (value === DECLINE_VALUE && declineOffered) return false;
	return undefined;
}

/** The text a POSTed free-text form holds, trimmed; '' when it holds none. */
export function freeTextAnswer(body: unknown): string {
	const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[RESPONSE_FIELD] : undefined;
	return typeof value === 'string' ? value.trim() : '';
}
