/**
 * Runs the Zoom SMS Polling Trigger the way an n8n instance runs an active polling workflow, with
 * n8n-core's own pieces: its PollTriggerExecutor (what n8n's scheduler calls on each poll time), its
 * PollContext and TriggersAndPollers. What the n8n server adds around them is played here:
 *
 * - the database's copy of the workflow's static data: a JSON string, written when n8n writes it (after
 *   the activation's first poll, and whenever a poll emits, before the execution starts); a poll that
 *   emits nothing changes only the copy in memory, as in n8n;
 * - a restart: a new workflow object from that JSON, and new node and executor instances.
 */
import { ExecutionLifecycleHooks, PollContext, PollTriggerExecutor, TriggersAndPollers } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeExecutionData, type WorkflowExecuteMode } from 'n8n-workflow';

import { ZoomSmsPollingTrigger } from '../../nodes/ZoomSmsPollingTrigger/ZoomSmsPollingTrigger.node.ts';
import { baseAdditionalData, CREDENTIAL_ID, InProcessN8n, PACKAGE } from './n8nEngine';

const NODE_TYPE = 'zoomSmsPollingTrigger';

/**
 * n8n's PollTriggerExecutor, built by hand: n8n's DI container wires it to the server's logger, tracing
 * and error reporter, which only observe (logs, spans, Sentry). Quiet stand-ins take their place; the
 * executor's own logic (what is emitted, what errors do, testing vs scheduled polls) is n8n's.
 */
function pollTriggerExecutor(): PollTriggerExecutor {
	const logger = { scoped: () => logger, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
	const tracing = {
		startSpan: async (_: unknown, run: (span: { setStatus: () => void }) => Promise<unknown>) => await run({ setStatus: () => undefined }),
		startNewTraceSpan: async (_: unknown, run: (span: { setStatus: () => void }) => Promise<unknown>) => await run({ setStatus: () => undefined }),
		pickWorkflowAttributes: () => ({}),
		pickNodeAttributes: () => ({}),
	};
	const errorReporter = { error: () => undefined, warn: () => undefined };
	return new PollTriggerExecutor(logger as never, new TriggersAndPollers(), tracing as never, errorReporter as never);
}

export interface PollOutcome {
	/** The items a poll started an execution with; undefined when it started none. */
	items?: INodeExecutionData[];
	/** What n8n would record as a failed trigger execution. */
	error?: Error;
}

/** One active workflow whose only node is the polling trigger, in one "n8n process". */
export class PollingWorkflow {
	/** The workflow's static data as n8n's database holds it. */
	savedStaticData: string;

	/** Every item any poll of this workflow emitted, in order (across restarts). */
	readonly emitted: INodeExecutionData[];

	private workflow: Workflow;

	private readonly node: INode;

	private readonly executor: PollTriggerExecutor;

	private constructor(
		readonly engine: InProcessN8n,
		readonly parameters: IDataObject,
		savedStaticData: string,
		emitted: INodeExecutionData[],
	) {
		this.savedStaticData = savedStaticData;
		this.emitted = emitted;
		// A new node instance per "process", so nothing held in memory by the last one carries over.
		engine.nodeTypes.register(NODE_TYPE, new ZoomSmsPollingTrigger());
		this.node = {
			id: '7d1c3b2a-0f4e-4a6b-9c8d-1e2f3a4b5c6d',
			name: 'Zoom SMS Polling Trigger',
			type: `${PACKAGE}.${NODE_TYPE}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters } as INode['parameters'],
			credentials: { zoomSmsApi: { id: CREDENTIAL_ID, name: 'Zoom SMS account' } },
		};
		this.workflow = this.load();
		this.executor = pollTriggerExecutor();
	}

	/** Publishes the workflow: n8n runs the first poll at once (errors fail the activation), then saves the static data. */
	static async activate(engine: InProcessN8n, parameters: IDataObject): Promise<{ workflow: PollingWorkflow; first: PollOutcome }> {
		const workflow = new PollingWorkflow(engine, parameters, '{}', []);
		const first = await workflow.run(true);
		workflow.save();
		return { workflow, first };
	}

	/** The editor's "Fetch Test Event": the node in manual mode; nothing is saved. */
	static async fetchTestEvent(engine: InProcessN8n, parameters: IDataObject): Promise<INodeExecutionData[][] | null> {
		const workflow = new PollingWorkflow(engine, parameters, '{}', []);
		const context = workflow.context('manual', () => undefined, () => undefined);
		const nodeType = engine.nodeTypes.getByNameAndVersion(workflow.node.type);
		const staticBefore = JSON.stringify(workflow.workflow.staticData);
		const result = await context.__runPoll(async () => await nodeType.poll!.call(context));
		if (JSON.stringify(workflow.workflow.staticData) !== staticBefore) throw new Error('Fetch Test Event changed the static data');
		return result;
	}

	/** One scheduled poll, as n8n's scheduler runs it. */
	async poll(): Promise<PollOutcome> {
		return await this.run(false);
	}

	/** n8n stops and starts again: what was only in memory is gone; the saved static data is loaded. */
	restart(): PollingWorkflow {
		return new PollingWorkflow(this.engine, this.parameters, this.savedStaticData, this.emitted);
	}

	/** The node's static data as it is in memory now. */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.getStaticData('node', this.node))) as IDataObject;
	}

	private load(): Workflow {
		return new Workflow({
			id: 'zoomSmsPollTest',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.engine.nodeTypes,
			staticData: JSON.parse(this.savedStaticData) as IDataObject,
			settings: { executionOrder: 'v1' },
		});
	}

	/** n8n's saveStaticData: only when the data changed; through JSON, as through the database. */
	private save(): void {
		const data = this.workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged !== true) return;
		const copy = JSON.parse(JSON.stringify(data)) as IDataObject;
		delete copy.__dataChanged;
		this.savedStaticData = JSON.stringify(copy);
		data.__dataChanged = false;
	}

	private context(mode: WorkflowExecuteMode, emit: (data: INodeExecutionData[][]) => void, emitError: (error: Error) => void): PollContext {
		const hooks = new ExecutionLifecycleHooks(mode, 'poll', { id: this.workflow.id, name: 'test', nodes: [this.node], connections: {}, active: true, settings: {} } as never);
		return new PollContext(this.workflow, this.node, baseAdditionalData(this.engine.credentials, hooks), mode, 'activate', (data) => emit(data), (error) => emitError(error));
	}

	private async run(testingTrigger: boolean): Promise<PollOutcome> {
		const outcome: PollOutcome = {};
		const context = this.context(
			'trigger',
			(data) => {
				// n8n saves the static data as it starts the execution.
				this.save();
				outcome.items = data[0] ?? [];
				this.emitted.push(...outcome.items);
			},
			(error) => (outcome.error = error),
		);
		const execute = this.executor.create(this.workflow, this.node, context, () => true);
		try {
			await execute(testingTrigger);
		} catch (error) {
			// The activation's poll throws; a scheduled one reports through __emitError.
			outcome.error = error as Error;
		}
		return outcome;
	}
}
