/**
 * What n8n recorded about its executions, read through its REST API (`/rest/executions`, as the editor's
 * Executions list does), and which process ran them, read from the processes' logs.
 */
import type { N8nRestClient } from '../e2e/n8nHarness';
import type { ManagedProcess } from '../e2e/processes';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt?: string | null;
	stoppedAt?: string | null;
}

export interface OutputItem {
	json: Record<string, unknown>;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** `data.resultData`: each node's runs and the execution's error, if any. */
	resultData: {
		runData: Record<string, Array<{ data?: { main?: OutputItem[][] } }>>;
		error?: { message?: string; name?: string; description?: string };
	};
	/** The whole execution data, serialised (to search it for an input's marker). */
	dataText: string;
}

/**
 * n8n sends execution data in `flatted` form (it may hold circular references): a JSON array whose first
 * element is the root; inside objects and arrays every string is the index of the real value (a string
 * or another object) in that array.
 */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = table[index];
		if (typeof value !== 'object' || value === null) return value;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, copy);
		for (const [key, entry] of Object.entries(value)) {
			(copy as Record<string, unknown>)[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		}
		return copy;
	};
	return revive(0);
}

/** Every execution of a workflow, newest first. */
export async function listExecutions(rest: N8nRestClient, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest.request<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`);
	return page.results.map((execution) => ({ ...execution, id: String(execution.id) }));
}

export async function getExecution(rest: N8nRestClient, id: string): Promise<ExecutionDetail> {
	const execution = await rest.request<ExecutionSummary & { data: string }>('GET', `/executions/${id}`);
	const data = parseFlatted(execution.data) as { resultData?: ExecutionDetail['resultData'] };
	return {
		id: String(execution.id),
		workflowId: execution.workflowId,
		status: execution.status,
		mode: execution.mode,
		startedAt: execution.startedAt,
		stoppedAt: execution.stoppedAt,
		resultData: { runData: {}, ...data.resultData },
		dataText: JSON.stringify(data),
	};
}

/** The output items of a node's first run in an execution (none when it never finished). */
export function nodeOutput(execution: ExecutionDetail, nodeName: string): Array<Record<string, unknown>> {
	return (execution.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/**
 * Which worker ran which execution, from the line n8n's job processor logs when a worker takes a job:
 * "Worker started execution 12 (job 7)". Listens from now on; `record` maps execution id → worker names.
 */
export class ExecutionTracker {
	/** Execution id → the workers that started it (more than one would mean n8n ran it twice). */
	readonly startedBy = new Map<string, string[]>();

	readonly finishedBy = new Map<string, string[]>();

	private readonly listeners = new Set<(executionId: string, worker: string) => void>();

	watch(worker: string, process: ManagedProcess): void {
		process.onLine((line) => {
			const started = /Worker started execution (\d+) \(job/.exec(line);
			if (started) {
				push(this.startedBy, started[1], worker);
				for (const listener of this.listeners) listener(started[1], worker);
			}
			const finished = /Worker finished execution (\d+) \(job/.exec(line);
			if (finished) push(this.finishedBy, finished[1], worker);
		});
	}

	/** Calls `listener` for every execution a worker starts from now on; returns a function that stops it. */
	onStarted(listener: (executionId: string, worker: string) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** How many of `executionIds` each worker started. */
	countByWorker(executionIds: Iterable<string>): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const id of executionIds) {
			for (const worker of this.startedBy.get(id) ?? []) counts[worker] = (counts[worker] ?? 0) + 1;
		}
		return counts;
	}
}

function push(map: Map<string, string[]>, key: string, value: string): void {
	const list = map.get(key) ?? [];
	list.push(value);
	map.set(key, list);
}
