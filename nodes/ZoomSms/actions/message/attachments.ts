/**
 * MMS attachments for Message → Send: images taken from the input item's binary data.
 *
 * Zoom's limits (Zoom Phone OpenAPI, POST /phone/sms/messages): at most 10 attachments and 2 MB in all,
 * images only. The OpenAPI's type enum also lists PDF, but its prose says "JPG, PNG, JPEG, GIF", so PDF is
 * left out. A file counts as an image when its content starts with the PNG, JPEG or GIF signature; its
 * declared MIME type must be one of those (or be generic, as downloads without a content type are) and
 * the content decides the type Zoom is told.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_MODE_COMBINED } from 'n8n-workflow';

export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

export type ImageType = 'PNG' | 'JPEG' | 'GIF';

const IMAGE_MIME_TYPES: Record<string, ImageType> = {
	'image/png': 'PNG',
	'image/jpeg': 'JPEG',
	'image/jpg': 'JPEG',
	'image/pjpeg': 'JPEG',
	'image/gif': 'GIF',
};

/** MIME types that say nothing about the content: the signature alone decides. */
const GENERIC_MIME_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** What one file is, for the output and for Zoom. */
export interface AttachmentSummary {
	binaryProperty: string;
	fileName: string;
	type: ImageType;
	size: number;
}

export interface LoadedAttachment extends AttachmentSummary {
	base64: string;
}

/** A file Zoom would refuse. The message names the file and the limit; the caller adds the item. */
export class AttachmentError extends Error {
	override readonly name = 'AttachmentError';
}

/** The image type from the first bytes of a file, or undefined when it is not a PNG, JPEG or GIF. */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
	const starts = (...signature: number[]) => bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'PNG';
	if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
	if (starts(0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || starts(0x47, 0x49, 0x46, 0x38, 0x39, 0x61)) return 'GIF';
	return undefined;
}

/** "data, photo2" → ["data", "photo2"]; an expression may also give an array. Repeats are dropped. */
export function parseAttachmentNames(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return [...new Set(list.map((name) => name.trim()).filter(Boolean))];
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

function describeFile(name: string, binary: IBinaryData | undefined): string {
	return binary?.fileName ? `"${name}" (${binary.fileName})` : `"${name}"`;
}

/** Checks one file's MIME type and content; returns its image type. */
export function checkImage(name: string, binary: IBinaryData, bytes: Uint8Array): ImageType {
	const declared = String(binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
	const file = describeFile(name, binary);
	if (!GENERIC_MIME_TYPES.has(declared) && IMAGE_MIME_TYPES[declared] === undefined) {
		throw new AttachmentError(`${file} is ${declared}; Zoom sends only PNG, JPEG and GIF images as MMS attachments`);
	}
	const detected = detectImageType(bytes);
	if (!detected) {
		throw new AttachmentError(
			`${file} is not a PNG, JPEG or GIF image${declared ? ` although its type says ${declared}` : ''}; Zoom sends only those as MMS attachments`,
		);
	}
	return detected;
}

/**
 * Reads and checks the item's attachments: each must exist, be a PNG, JPEG or GIF, and together they must
 * stay within Zoom's 10 files and 2 MB.
 *
 * @throws AttachmentError (or n8n's own error when the binary data cannot be read)
 */
export async function loadAttachments(context: IExecuteFunctions, itemIndex: number, names: string[]): Promise<LoadedAttachment[]> {
	if (names.length > MAX_ATTACHMENTS) {
		throw new AttachmentError(`${names.length} files were given; Zoom accepts at most ${MAX_ATTACHMENTS} attachments per message`);
	}
	// In n8n's "combined" binary mode files live inside the JSON; n8n's helper finds them wherever they are.
	const combined = context.getWorkflowSettings().binaryMode === BINARY_MODE_COMBINED;
	const available = context.getInputData()[itemIndex]?.binary ?? {};
	const attachments: LoadedAttachment[] = [];
	let total = 0;
	for (const name of names) {
		if (!combined && available[name] === undefined) {
			const present = Object.keys(available);
			throw new AttachmentError(
				`the item has no binary property "${name}"${present.length ? ` (it has ${present.map((key) => `"${key}"`).join(', ')})` : ' (it has no binary data)'}`,
			);
		}
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		const type = checkImage(name, binary, bytes);
		total += bytes.length;
		if (total > MAX_ATTACHMENT_BYTES) {
			throw new AttachmentError(
				`with ${describeFile(name, binary)} the attachments total ${megabytes(total)} (${total} bytes); Zoom accepts at most 2 MB (${MAX_ATTACHMENT_BYTES} bytes) per message`,
			);
		}
		attachments.push({ binaryProperty: name, fileName: binary.fileName ?? '', type, size: bytes.length, base64: bytes.toString('base64') });
	}
	return attachments;
}
