/** What the read operations share: Return All / Limit, the per-item loop and its error handling. */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INode, INodeExecutionData, INodeProperties, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomEndpoint } from '../../shared/zoomErrors';
import { describeFailure, zoomApiError } from '../transport';
import { ZOOM_MAX_PAGE_SIZE } from '../transport/pagination';
import { DateRangeError, parseDateInput, requestWindows, zoomDateTime, type TimeWindow } from './dateRange';

export function returnAllAndLimit(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

/** How many records the item asks for: Infinity for Return All. */
export function wantedCount(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	return Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number));
}

/** The page size to ask Zoom for: no more than needed, no more than Zoom allows. */
export function pageSizeFor(wanted: number): number {
	return Number.isFinite(wanted) ? Math.min(ZOOM_MAX_PAGE_SIZE, wanted) : ZOOM_MAX_PAGE_SIZE;
}

/** The month windows of a Start Date / End Date pair, or undefined for Zoom's default (the past 30 days). */
export function windowsFromFilters(
	context: IExecuteFunctions,
	itemIndex: number,
	filters: { startDate?: unknown; endDate?: unknown },
): TimeWindow[] | undefined {
	try {
		const timeZone = context.getTimezone();
		return requestWindows(
			parseDateInput(filters.startDate, timeZone, 'Start Date'),
			parseDateInput(filters.endDate, timeZone, 'End Date'),
			Date.now(),
			filters.startDate,
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error instanceof DateRangeError ? `Item ${itemIndex}: ${error.message}` : (error as Error), {
			itemIndex,
			description:
				(error instanceof DateRangeError ? error.hint : undefined) ?? 'Use a date like 2026-01-31 or 2026-01-31T14:00:00, or pick one in the date picker.',
		});
	}
}

/**
 * A failed item's JSON for n8n's two Continue modes. n8n-core (WorkflowExecute.handleNodeErrorOutput) sends
 * an item to the error output only when its JSON holds nothing but `error`, `message` and `details`; with
 * `errorDetails` beside `error` a failed read stayed on the success output. The regular output keeps its
 * `errorDetails` field (stored in users' workflows); the error output carries the same text under `details`.
 */
export function errorJson(error: NodeApiError | NodeOperationError, onError: INode['onError']): IDataObject {
	const errorDetails = error.description ? { errorDetails: error.description } : {};
	if (onError === 'continueErrorOutput') return { error: error.message, details: errorDetails };
	return { error: error.message, ...errorDetails };
}

/**
 * Runs `read` once per input item and pairs every record it returns with that item. A failed item stops
 * the node with a NodeOperationError (our own checks) or Zoom's error; with Continue On Fail it becomes
 * one `{ error }` item paired with its input (see errorJson) and the next item is read. `endpoint` names
 * the Zoom endpoint the item reads, so Zoom's error comes with the hint for that endpoint.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => Promise<IDataObject[]>,
	endpoint?: ZoomEndpoint | ((itemIndex: number) => ZoomEndpoint),
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const records = await read(itemIndex);
			for (const json of records) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			// Our own checks throw NodeOperationError; anything else came from the HTTP call and is
			// described from plain fields, so the request (and its token) never reaches the output.
			const nodeError =
				error instanceof NodeOperationError
					? error
					: zoomApiError(context.getNode(), describeFailure(error), {
							itemIndex,
							prefix: `Item ${itemIndex}`,
							endpoint: typeof endpoint === 'function' ? endpoint(itemIndex) : endpoint,
						});
			if (!context.continueOnFail()) throw nodeError;
			output.push({ json: errorJson(nodeError, context.getNode().onError), pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

/** A required text parameter, trimmed; empty is a clear error naming the item and the field. */
export function requiredText(context: IExecuteFunctions, name: string, label: string, itemIndex: number, hint: string): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${label} is empty`, { itemIndex, description: hint });
	}
	return value;
}

/** Zoom's `from`/`to` query parameters for a window, or none for Zoom's default range. */
export function windowQuery(window: TimeWindow | undefined): IDataObject {
	return window ? { from: zoomDateTime(window.from), to: zoomDateTime(window.to) } : {};
}

/**
 * Reads records window after window and page after page until `wanted` are collected. A record seen in an
 * earlier window or page (same key) is skipped, so walking a long range month by month never outputs one
 * twice; `map` turns a record into output, or undefined to leave it out (client-side filters).
 */
export async function collectRecords<T>(options: {
	windows: Array<TimeWindow | undefined>;
	pages: (window: TimeWindow | undefined) => AsyncGenerator<T[]>;
	keyOf: (record: T) => string | undefined;
	map: (record: T) => IDataObject | undefined;
	wanted: number;
}): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	if (options.wanted <= 0) return results;
	for (const window of options.windows) {
		for await (const page of options.pages(window)) {
			for (const record of page) {
				const key = options.keyOf(record);
				if (key !== undefined && key !== '') {
					if (seen.has(key)) continue;
					seen.add(key);
				}
				const json = options.map(record);
				if (json === undefined) continue;
				results.push(json);
				if (results.length >= options.wanted) return results;
			}
		}
	}
	return results;
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * Reads a parameter for any item. n8n resolves a parameter anew on every read (copying, validating and
 * evaluating it), thousands of times on a campaign; a value without an expression is the same for every
 * item, so it is read once.
 */
export function parameterReader<T>(
	context: IExecuteFunctions,
	name: string,
	fallback: T,
	options?: { extractValue?: boolean },
): (itemIndex: number) => T {
	const read = (itemIndex: number) => context.getNodeParameter(name, itemIndex, fallback, options) as T;
	if (holdsExpression(context.getNode().parameters[name])) return read;
	let value: { read: T } | undefined;
	return (itemIndex) => (value ??= { read: read(itemIndex) }).read;
}
