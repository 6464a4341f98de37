/**
 * Option "Download Attachments": an inbound MMS's images become binary properties of the output item.
 * Zoom's `download_url` needs the account's bearer token, so the file is fetched through the project's
 * ZoomClient (its token handling, pacing and retries).
 *
 * A download that fails never loses the event: the item still starts the workflow, without that file, and
 * `attachmentErrors` says which attachment, why, and what to do. (Throwing would answer Zoom 500 and make
 * it retry for 85 minutes, then drop the event.)
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { resolveZoomUrls } from '../shared/zoomEnvironment';
import { CREDENTIAL_TYPE, ZoomClient } from '../ZoomSms/transport/client';
import { describeFailure } from '../ZoomSms/transport/failures';
import { attachmentUrlProblem, binaryPropertyName, DEFAULT_MAX_ATTACHMENT_MB, sizeProblem } from './attachmentPolicy';

interface Attachment {
	id?: string;
	name?: string;
	size?: number;
	type?: string;
	download_url?: string;
}

interface TriggerOptions {
	downloadAttachments?: boolean;
	binaryPropertyPrefix?: string;
	maxAttachmentSizeMb?: number;
}

function attachmentsOf(body: IDataObject): Attachment[] {
	const object = (body.payload as IDataObject | undefined)?.object as IDataObject | undefined;
	return Array.isArray(object?.attachments) ? (object.attachments as Attachment[]) : [];
}

const MIME_BY_TYPE: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	bmp: 'image/bmp',
	webp: 'image/webp',
	pdf: 'application/pdf',
};

export async function withAttachments(context: IWebhookFunctions, body: IDataObject, item: INodeExecutionData): Promise<INodeExecutionData> {
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const attachments = attachmentsOf(body);
	if (options.downloadAttachments !== true || body.event !== 'phone.sms_received' || attachments.length === 0) return item;

	const maxMb = typeof options.maxAttachmentSizeMb === 'number' && options.maxAttachmentSizeMb > 0 ? options.maxAttachmentSizeMb : DEFAULT_MAX_ATTACHMENT_MB;
	const { apiBaseUrl } = resolveZoomUrls(await context.getCredentials(CREDENTIAL_TYPE));
	// One attachment after the other: an MMS has at most 10, and Zoom's per-second limit is the account's.
	const client = new ZoomClient(context, { requestsPerSecond: 5 });
	const binary: IBinaryKeyData = {};
	const errors: IDataObject[] = [];
	for (const [index, attachment] of attachments.entries()) {
		const name = attachment.name || `attachment ${index + 1}`;
		const fail = (why: string) => {
			errors.push({ index, name, error: `Attachment "${name}" was not downloaded: ${why}.` });
			context.logger.warn(`Zoom SMS Trigger "${context.getNode().name}": attachment ${index + 1} of message was not downloaded: ${why}`);
		};
		const problem = attachmentUrlProblem(attachment.download_url, apiBaseUrl) ?? sizeProblem(Number(attachment.size), maxMb);
		if (problem) {
			fail(problem);
			continue;
		}
		try {
			const file = await client.download(String(attachment.download_url), 20_000);
			const tooBig = sizeProblem(file.body.length, maxMb);
			if (tooBig) {
				fail(tooBig);
				continue;
			}
			const mimeType = file.headers['content-type']?.split(';')[0].trim() || MIME_BY_TYPE[String(attachment.type ?? '').toLowerCase()] || 'application/octet-stream';
			binary[binaryPropertyName(options.binaryPropertyPrefix ?? 'attachment_', index)] = await context.helpers.prepareBinaryData(file.body, name, mimeType);
		} catch (error) {
			const failure = describeFailure(error);
			const fix =
				failure.status === 401 || failure.status === 403
					? 'Zoom refused the credential\'s token for this file: check that the app has the phone:read:sms_message scope'
					: failure.status === 404
						? 'Zoom no longer has this file'
						: 'the download failed; the file can be fetched later with the Zoom SMS node (Message → Get)';
			fail(`${failure.status ? `Zoom answered ${failure.status}` : 'no answer from Zoom'}; ${fix}`);
		}
	}
	const json = errors.length > 0 ? { ...item.json, attachmentErrors: errors } : item.json;
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}
