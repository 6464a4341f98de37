/**
 * MMS attachments for Message → Send: images taken from the input item's binary data.
 *
 * Zoom's limits (Zoom Phone OpenAPI, POST /phone/sms/messages): at most 10 attachments and 2 MB in all,
 * images only. The OpenAPI's type enum also lists PDF, but its prose says "JPG, PNG, JPEG, GIF", so PDF is
 * left out. A file counts as an image when its content starts with the PNG, JPEG or GIF signature; its
 * declared MIME type must be one of those (or be generic, as downloads without a content type are) and
 * the content decides the type Zoom is told.
 *
 * Sizes are checked before a file is read: in n8n's filesystem (or S3, database) binary mode a file is
 * not in memory, and reading a 2 GB video that was named by mistake would take the memory and the time
 * of the whole instance (and Node cannot read a file over 2 GiB into one buffer at all). The size comes
 * from what n8n stored with the file (see sizeBeforeReading); the bytes read are checked again after.
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

/**
 * A file's size in bytes as n8n recorded it, without reading the file: `bytes` (n8n sets it when it
 * stores a file), else the metadata stored beside a file kept outside the item (filesystem, S3,
 * database modes), else the length of the base64 data held in the item itself. Undefined when none
 * can tell (then the file is read and its bytes counted).
 */
export async function sizeBeforeReading(context: IExecuteFunctions, binary: IBinaryData): Promise<number | undefined> {
	if (typeof binary.bytes === 'number' && Number.isFinite(binary.bytes) && binary.bytes >= 0) return binary.bytes;
	if (binary.id) {
		try {
			const { fileSize } = await context.helpers.getBinaryMetadata(binary.id);
			if (typeof fileSize === 'number' && Number.isFinite(fileSize)) return fileSize;
		} catch {
			// No metadata (an older store): reading the file tells.
		}
		return undefined;
	}
	if (typeof binary.data === 'string' && binary.data !== '') return base64DecodedLength(binary.data);
	return undefined;
}

/** Bytes that a base64 text decodes to, counted from its length and padding. */
export function base64DecodedLength(base64: string): number {
	const length = base64.replace(/[\s]/g, '').length;
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((length * 3) / 4) - padding);
}

function tooLarge(file: string, size: number, total: number): AttachmentError {
	const alone = size === total;
	return new AttachmentError(
		alone
			? `${file} is ${megabytes(size)} (${size} bytes); Zoom accepts at most 2 MB (${MAX_ATTACHMENT_BYTES} bytes) of attachments per message`
			: `with ${file} the attachments total ${megabytes(total)} (${total} bytes); Zoom accepts at most 2 MB (${MAX_ATTACHMENT_BYTES} bytes) per message`,
	);
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
 * The item's files by name, each found and its recorded size checked against Zoom's limits (10 files,
 * 2 MB in all) before any of them is read.
 */
async function findAttachments(context: IExecuteFunctions, itemIndex: number, names: string[]): Promise<Array<{ name: string; binary: IBinaryData }>> {
	if (names.length > MAX_ATTACHMENTS) {
		throw new AttachmentError(`${names.length} files were given; Zoom accepts at most ${MAX_ATTACHMENTS} attachments per message`);
	}
	// In n8n's "combined" binary mode files live inside the JSON; n8n's helper finds them wherever they are.
	const combined = context.getWorkflowSettings().binaryMode === BINARY_MODE_COMBINED;
	const available = context.getInputData()[itemIndex]?.binary ?? {};
	const found: Array<{ name: string; binary: IBinaryData }> = [];
	let total = 0;
	for (const name of names) {
		if (!combined && available[name] === undefined) {
			const present = Object.keys(available);
			throw new AttachmentError(
				`the item has no binary property "${name}"${present.length ? ` (it has ${present.map((key) => `"${key}"`).join(', ')})` : ' (it has no binary data)'}`,
			);
		}
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		const size = await sizeBeforeReading(context, binary);
		if (size !== undefined) {
			total += size;
			if (total > MAX_ATTACHMENT_BYTES) throw tooLarge(describeFile(name, binary), size, total);
		}
		found.push({ name, binary });
	}
	return found;
}

/**
 * Reads and checks the item's attachments: each must exist, be a PNG, JPEG or GIF, and together they must
 * stay within Zoom's 10 files and 2 MB. Sizes n8n recorded are checked before anything is read; the bytes
 * read are counted again.
 *
 * @throws AttachmentError (or n8n's own error when the binary data cannot be read)
 */
export async function loadAttachments(context: IExecuteFunctions, itemIndex: number, names: string[]): Promise<LoadedAttachment[]> {
	const attachments: LoadedAttachment[] = [];
	let total = 0;
	for (const { name, binary } of await findAttachments(context, itemIndex, names)) {
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		const type = checkImage(name, binary, bytes);
		total += bytes.length;
		if (total > MAX_ATTACHMENT_BYTES) throw tooLarge(describeFile(name, binary), bytes.length, total);
		attachments.push({ binaryProperty: name, fileName: binary.fileName ?? '', type, size: bytes.length, base64: bytes.toString('base64') });
	}
	return attachments;
}
