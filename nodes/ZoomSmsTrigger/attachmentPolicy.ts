/**
 * Which MMS attachment URLs the trigger may send the account's token to, and how big a file may be.
 * Pure, no n8n imports.
 */

export const DEFAULT_MAX_ATTACHMENT_MB = 10;

/**
 * The bearer token goes only to Zoom: https on zoom.us / zoomgov.com (or a subdomain), or the host of the
 * credential's own API base URL (the Custom environment, e.g. the simulator). The payload is signed by
 * Zoom, so this guards against a mistake more than an attacker; a token must still never leave Zoom.
 */
export function attachmentUrlProblem(url: unknown, apiBaseUrl: string): string | undefined {
	if (typeof url !== 'string' || url.trim() === '') return 'the attachment has no download_url';
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `its download_url "${url}" is not a URL`;
	}
	let apiHost = '';
	try {
		apiHost = new URL(apiBaseUrl).host;
	} catch {
		// no custom host allowed
	}
	if (parsed.host === apiHost) return undefined;
	const zoomHost = /(^|\.)zoom(gov)?\.(us|com)$/i.test(parsed.hostname);
	if (parsed.protocol === 'https:' && zoomHost) return undefined;
	return `its download_url host "${parsed.host}" is not a Zoom host, so the Zoom token is not sent there`;
}

export function sizeProblem(bytes: number, maxMb: number): string | undefined {
	const limit = maxMb * 1024 * 1024;
	if (Number.isFinite(bytes) && bytes > limit) {
		return `it is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the Max Attachment Size of ${maxMb} MB (raise it in the trigger's options)`;
	}
	return undefined;
}

/** A binary property name for the attachment at `index`: prefix + index, e.g. attachment_0. */
export function binaryPropertyName(prefix: string, index: number): string {
	return `${prefix || 'attachment_'}${index}`;
}
