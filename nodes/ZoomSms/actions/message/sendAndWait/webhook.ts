/**
 * The answer page of Message → Send and Wait for Response: n8n routes the text's link to this node's
 * waiting webhook while the execution waits (the `webhooks` below, with `restartWebhook: true`). Opening
 * the link shows the question; the page's form posts the answer to the same link, and that answer is what
 * the execution resumes with, as the node's output.
 */
import type { IDataObject, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { approvalAnswer, freeTextAnswer, questionPage, recordedPage, replyByTextPage } from '../../../../shared/answerPage';

/** GET shows the page, POST records the answer; the path is the node's ID (see answerLink). */
export const sendAndWaitWebhooks: IWebhookDescription[] = ['GET', 'POST'].map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

interface ApprovalValues {
	approvalType?: string;
	approveLabel?: string;
	disapproveLabel?: string;
}

/** A parameter for the page; an expression that cannot be resolved here (it reads input data) gives `fallback`. */
function pageParameter(context: IWebhookFunctions, name: string, fallback: string): string {
	try {
		const value = context.getNodeParameter(name, fallback) as unknown;
		return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
	} catch {
		return fallback;
	}
}

function sendPage(context: IWebhookFunctions, status: number, html: string): IWebhookResponseData {
	const res = context.getResponseObject();
	res.statusCode = status;
	res.setHeader('Content-Type', 'text/html; charset=utf-8');
	res.setHeader('Cache-Control', 'no-store');
	// No other site may frame the page (a framed Approve button could be clicked by a trick), and nothing but
	// its own inline style loads; the form may post only back to this n8n.
	res.setHeader('Content-Security-Policy', PAGE_CSP);
	res.setHeader('X-Frame-Options', 'DENY');
	res.end(html);
	return { noWebhookResponse: true };
}

function resumeWith(data: IDataObject): IWebhookResponseData {
	return { webhookResponse: recordedPage(), workflowData: [[{ json: { data }, pairedItem: { item: 0 } }]] };
}

export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = this.getRequestObject().method;
	const responseType = pageParameter(this, 'responseType', 'approval');
	if (responseType === 'textReply') return sendPage(this, 200, replyByTextPage());
	const message = pageParameter(this, 'message', '');
	if (responseType === 'freeText') {
		const title = pageParameter(this, 'options.responseFormTitle', '');
		const buttonLabel = pageParameter(this, 'options.responseFormButtonLabel', 'Submit');
		if (method !== 'POST') return sendPage(this, 200, questionPage({ kind: 'freeText', message, title, buttonLabel }));
		const text = freeTextAnswer(this.getBodyData());
		if (!text) return sendPage(this, 400, questionPage({ kind: 'freeText', message, title, buttonLabel, problem: 'Please type an answer.' }));
		return resumeWith({ text, respondedAt: new Date().toISOString() });
	}
	let values: ApprovalValues = {};
	try {
		values = this.getNodeParameter('approvalOptions.values', {}) as ApprovalValues;
	} catch {
		values = {};
	}
	const declineLabel = values.approvalType === 'double' ? values.disapproveLabel || 'Decline' : undefined;
	const page = questionPage({ kind: 'approval', message, approveLabel: values.approveLabel || 'Approve', declineLabel });
	if (method !== 'POST') return sendPage(this, 200, page);
	const approved = approvalAnswer(this.getBodyData(), declineLabel !== undefined);
	if (approved === undefined) return sendPage(this, 400, page);
	return resumeWith({ approved, respondedAt: new Date().toISOString() });
}
