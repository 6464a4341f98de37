import { hasVisibleText } from '../../nodes/shared/messageSplitting';

/**
 * Where each part of a split sits in the original text (UTF-16 offsets of its start), or undefined when
 * the parts are not the text in order less runs with nothing visible in them (the only thing a split may
 * leave out).
 */
export function placeParts(text: string, parts: string[]): number[] | undefined {
	const starts: number[] = [];
	let offset = 0;
	for (const part of parts) {
		let found = text.indexOf(part, offset);
		// The first occurrence whose gap before it is invisible: an earlier visible gap would mean text was lost.
		while (found !== -1 && hasVisibleText(text.slice(offset, found))) found = text.indexOf(part, found + 1);
		if (found === -1) return undefined;
		starts.push(found);
		offset = found + part.length;
	}
	return hasVisibleText(text.slice(offset)) ? undefined : starts;
}
