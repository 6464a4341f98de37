/** Small statistics for the benchmark table. */

export function percentile(values: number[], fraction: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export function median(values: number[]): number {
	return percentile(values, 0.5);
}

/** Least-squares line through (x, y): what one more x costs, and what is paid once. */
export function linearFit(points: Array<[number, number]>): { slope: number; intercept: number } {
	const n = points.length;
	const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
	const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
	const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
	const sxy = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
	const slope = sxx === 0 ? 0 : sxy / sxx;
	return { slope, intercept: meanY - slope * meanX };
}

export const fmt = {
	ms: (value: number) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : '–'),
	int: (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–'),
	mb: (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : '–'),
	ratio: (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–'),
	pct: (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–'),
};

/** A plain-text table that is also valid Markdown, so it can be pasted into the README as printed. */
export function table(headers: string[], rows: string[][]): string {
	const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((cell, column) => (cell ?? '').padEnd(widths[column])).join(' | ')} |`;
	return [line(headers), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
