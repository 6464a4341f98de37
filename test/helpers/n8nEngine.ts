/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it runs n8n's engine in-process and needs Node's built-ins. */
/**
 * Runs our nodes through n8n's real execution engine (n8n-core's WorkflowExecute, contexts and HTTP
 * helpers) inside the test process. What the n8n server would add around it is played here by a small
 * credentials store that behaves like n8n's: it calls the credential's preAuthentication when the
 * expirable token is empty or after a 401, and persists what it returns for later requests and runs.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core keeps an instance folder and key; a fixed scratch folder keeps runs quiet and leaves no litter.
process.env.N8N_USER_FOLDER ??= join(tmpdir(), 'zoom-sms-n8n-engine');
mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
process.env.N8N_ENCRYPTION_KEY ??= 'zoom-sms-in-process-engine';

import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	ExecuteContext,
	LoadOptionsContext,
	RoutingNode,
	WebhookContext,
	WorkflowExecute,
	Credentials,
} from 'n8n-core';
import {
	createEmptyRunExecutionData,
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IBinaryKeyData,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { ZoomSmsApi } from '../../credentials/ZoomSmsApi.credentials.ts';
// Explicit extension: ZoomSms.node.json (the codex file) sits beside it and some loaders try .json first.
import { ZoomSms } from '../../nodes/ZoomSms/ZoomSms.node.ts';
import { ZoomSmsTrigger } from '../../nodes/ZoomSmsTrigger/ZoomSmsTrigger.node.ts';

export const PACKAGE = 'n8n-nodes-zoom-sms';
export const CREDENTIAL_ID = 'zoomSmsCredential1';

const credentialTypes: Record<string, ICredentialType> = { zoomSmsApi: new ZoomSmsApi() };

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	register(name: string, nodeType: INodeType): void {
		this.types.set(`${PACKAGE}.${name}`, nodeType);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const found = this.types.get(nodeType);
		if (!found) throw new Error(`Unknown node type ${nodeType}`);
		return found;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** Plays n8n's CredentialsHelper (packages/cli credentials-helper.ts) for one stored credential. */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** The credential as n8n would hold it in its database, token included. */
	stored: ICredentialDataDecryptedObject;

	/** How many times preAuthentication ran (each one is a token request to Zoom). */
	preAuthenticationCalls = 0;

	constructor(data: ICredentialDataDecryptedObject) {
		super();
		this.stored = { ...data };
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (!authenticate || typeof authenticate === 'function' || authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''))
				: value;
		const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
		for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) headers[name] = resolve(value) as string;
		return { ...requestOptions, headers };
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type?.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.stored = { ...this.stored, ...(output as ICredentialDataDecryptedObject) };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		// A copy, as n8n decrypts a fresh one from its database for every request.
		return { ...this.stored };
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return [];
	}
}

export interface RunOptions {
	/** Shorthand for `onError: 'continueRegularOutput'` (n8n's former "Continue On Fail"). */
	continueOnFail?: boolean;
	/** The node's Settings → On Error; default Stop Workflow. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** The node's Settings → Retry On Fail (n8n allows 2–5 tries and 0–5000 ms between them). */
	retryOnFail?: { maxTries?: number; waitBetweenTries?: number };
	/** The execution mode n8n runs it in; `retry` is what the Retry button and the public API's retry use. */
	mode?: WorkflowExecuteMode;
	/** Filled in by run(): cancels the execution as n8n's Stop button does. */
	control?: { cancel?: () => void };
	nodeName?: string;
	/** The node's typeVersion; default 1 (the Zoom SMS node's 1.1 starts From on Automatic). */
	typeVersion?: number;
	/** Binary data of each input item (same index as the input), e.g. images for an MMS. */
	binary?: Array<IBinaryKeyData | undefined>;
}

/** One HTTP request to the trigger's webhook, as Zoom (or anyone) would send it. */
export interface WebhookCall {
	/** The Zoom SMS Trigger's parameters. */
	parameters: IDataObject;
	/** The body exactly as sent on the wire. */
	body: string | Buffer;
	headers?: Record<string, string>;
	/** `manual`: the editor's Test URL; `webhook`: the Production URL of an active workflow. */
	mode?: Extract<WorkflowExecuteMode, 'manual' | 'webhook'>;
}

export interface WebhookResult {
	/** What the HTTP client received. */
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** The response body, parsed when it is JSON. */
	body: unknown;
	/** The items the trigger started the workflow with; undefined when no execution started. */
	items?: INodeExecutionData[];
	/** What the node's webhook() returned, or threw. */
	returned?: IWebhookResponseData;
	error?: Error;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** What left through the error output (On Error: Continue (using error output)). */
	errorItems: INodeExecutionData[];
	/** How many times n8n called the node's execute() (Retry On Fail calls it again). */
	tries: number;
	/** n8n's status of the execution: success, error, canceled. */
	status?: string;
	/** The workflow's error when the node failed, as n8n records it. */
	error?: { message: string; description?: string | null; name?: string; context?: IDataObject; httpCode?: string | null };
	run: IRun;
}

export function baseAdditionalData(credentialsHelper: ICredentialsHelper, hooks: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not available in the in-process engine`);
	};
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: unsupported('getRunExecutionData'),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** One n8n "instance": node types, one stored Zoom SMS API credential, and ways to run the node. */
/** `lodash.get` for the dotted keys of credential test rules. */
function valueAt(value: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), value);
}

export class InProcessN8n {
	readonly nodeTypes = new TestNodeTypes();

	readonly credentials: TestCredentialsHelper;

	/**
	 * The trigger workflow's static data as n8n's database holds it: production webhook requests (mode
	 * `webhook`) start from a copy of it and write it back when the node changed it (n8n 2.41.1
	 * LiveWebhooks → WorkflowStaticDataService.saveStaticData); Test URL requests do not save it. Copy it into
	 * another InProcessN8n to play a restart or a second n8n process on the same database.
	 */
	savedStaticData: IDataObject = {};

	constructor(credentialData: ICredentialDataDecryptedObject) {
		this.credentials = new TestCredentialsHelper({ accessToken: '', ...credentialData });
		this.nodeTypes.register('zoomSms', new ZoomSms());
		this.nodeTypes.register('zoomSmsTrigger', new ZoomSmsTrigger());
	}

	node(parameters: IDataObject, options: RunOptions = {}, type = 'zoomSms'): INode {
		return {
			id: 'b5b7a5ae-6bd1-4c3c-9d2e-5f6a8d0e1c01',
			name: options.nodeName ?? 'Zoom SMS',
			type: `${PACKAGE}.${type}`,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: { zoomSmsApi: { id: CREDENTIAL_ID, name: 'Zoom SMS account' } },
			...(options.onError ? { onError: options.onError } : options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(options.retryOnFail
				? { retryOnFail: true, maxTries: options.retryOnFail.maxTries ?? 3, waitBetweenTries: options.retryOnFail.waitBetweenTries ?? 0 }
				: {}),
		};
	}

	/** Runs a workflow whose only node is ours, fed with `input` items, and returns what it output. */
	async run(parameters: IDataObject, input: IDataObject[], options: RunOptions = {}, type = 'zoomSms'): Promise<RunResult> {
		const node = this.node(parameters, options, type);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node,
						data: { main: [input.map((json, index) => ({ json, ...(options.binary?.[index] ? { binary: options.binary[index] } : {}) }))] },
						source: null,
					},
				],
			},
		});
		return await this.execute(node, runExecutionData, options.mode ?? 'manual', options);
	}

	/**
	 * Retries a failed execution the way n8n's Retry button and `POST /api/v1/executions/{id}/retry` do
	 * (packages/cli executions service): the failed execution's data as n8n saved it (a JSON round trip,
	 * as through its database), its error removed, the failed node's last run dropped, then a new
	 * execution in mode `retry` from the saved execution stack.
	 */
	async retry(previous: RunResult, options: RunOptions = {}): Promise<RunResult> {
		const data = JSON.parse(JSON.stringify(previous.run.data)) as IRun['data'];
		const { lastNodeExecuted } = data.resultData;
		delete data.resultData.error;
		if (lastNodeExecuted) {
			const runs = data.resultData.runData[lastNodeExecuted] ?? [];
			if (runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
		}
		const stacked = data.executionData?.nodeExecutionStack?.[0]?.node;
		if (!stacked) throw new Error('The previous execution left nothing to retry (its execution stack is empty)');
		return await this.execute(stacked, data, 'retry', options);
	}

	private executionCount = 0;

	private async execute(node: INode, runExecutionData: IRun['data'], mode: WorkflowExecuteMode, options: RunOptions): Promise<RunResult> {
		const workflow = new Workflow({
			id: 'zoomSmsTest',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
			settings: { executionOrder: 'v1' },
		});
		const executionId = `test-execution-${++this.executionCount}-${Date.now()}`;
		const hooks = new ExecutionLifecycleHooks(mode, executionId, { id: 'zoomSmsTest', name: 'test', nodes: [node], connections: {}, active: false, settings: {}, createdAt: new Date(), updatedAt: new Date(), isArchived: false, activeVersionId: null } as never);
		let finished: (run: IRun) => void = () => undefined;
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => finished(fullRunData));
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type);
		const originalExecute = nodeType.execute;
		let tries = 0;
		const pending = new Set<Promise<unknown>>();
		if (originalExecute) {
			// Counts n8n's calls (Retry On Fail makes several) and keeps each call's promise, so that a cancelled
			// run is only read once the node has really stopped.
			nodeType.execute = function (this: never, ...args: never[]) {
				tries++;
				const call = (originalExecute as (...a: never[]) => Promise<unknown>).apply(this, args);
				pending.add(call);
				void call.finally(() => pending.delete(call)).catch(() => undefined);
				return call as never;
			};
		}
		try {
			const additionalData = { ...baseAdditionalData(this.credentials, hooks), executionId } as IWorkflowExecuteAdditionalData;
			const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
			const execution = workflowExecute.processRunExecutionData(workflow);
			if (options.control) options.control.cancel = () => execution.cancel();
			const run = await done;
			await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, 30_000))]);
			const taskData = run.data.resultData.runData[node.name]?.[0];
			const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'];
			return { items: taskData?.data?.main?.[0] ?? [], errorItems: taskData?.data?.main?.[1] ?? [], error, run, tries, status: run.status };
		} finally {
			if (originalExecute) nodeType.execute = originalExecute;
		}
	}

	/** The Credential's Test button, the way n8n's CredentialsTester runs a declarative test request. */
	async testCredential(data: ICredentialDataDecryptedObject = this.credentials.stored): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const type = credentialTypes.zoomSmsApi;
		const test = type.test!;
		const helper = new TestCredentialsHelper({ ...data, accessToken: '' });
		const testNodeType: INodeType = {
			description: {
				displayName: 'Credential test',
				name: 'credentialTest',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: 'zoomSmsApi', required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
			},
		} as INodeType;
		this.nodeTypes.register('credentialTest', testNodeType);
		const node: INode = { ...this.node({}, {}, 'credentialTest'), name: 'Temp-Node' };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: this.nodeTypes });
		const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'x', name: 'x', nodes: [node], connections: {}, active: false, settings: {} } as never);
		const context = new ExecuteContext(workflow, node, baseAdditionalData(helper, hooks), 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null } as IExecuteData, []);
		let response: INodeExecutionData[][] | undefined | null;
		try {
			await workflow.expression.acquireIsolate?.();
			response = await new RoutingNode(context, testNodeType, { id: CREDENTIAL_ID, name: 'test', type: 'zoomSmsApi', data }).runNode();
		} catch (thrown) {
			const error = thrown as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
			const status = error.cause?.response?.status;
			if (status !== undefined) {
				const rule = test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === status);
				return { status: 'Error', message: rule ? rule.properties.message : error.cause?.response?.statusText || `Received HTTP status code: ${status}` };
			}
			if (error.cause?.code) return { status: 'Error', message: error.cause.code };
			return { status: 'Error', message: error.message };
		} finally {
			await workflow.expression.releaseIsolate?.();
		}
		// As n8n's CredentialsTester: an answer (2xx, or an error status the request ignores) fails the test
		// when a `responseSuccessBody` rule matches its body.
		const body = response?.[0]?.[0]?.json;
		for (const rule of (test.rules ?? []) as Array<{ type: string; properties: { key?: string; value?: unknown; message: string } }>) {
			if (rule.type === 'responseSuccessBody' && body && rule.properties.key !== undefined && valueAt(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	/**
	 * Sends one real HTTP request to the trigger and answers it the way n8n's webhook route does
	 * (packages/cli webhook-helpers.ts): the body is read raw and parsed as JSON when its content type says
	 * so (unparseable JSON is a 422 before the node runs), the node's webhook() runs in n8n-core's
	 * WebhookContext with the real request and response objects, and then n8n answers: nothing more when
	 * the node wrote the response itself, its `webhookResponse` (or "Webhook call received") when no
	 * execution starts, "Workflow was started" when one does, 500 when the node threw.
	 */
	async runWebhook(call: WebhookCall): Promise<WebhookResult> {
		const mode = call.mode ?? 'webhook';
		const node: INode = { ...this.node(call.parameters, { nodeName: 'Zoom SMS Trigger' }, 'zoomSmsTrigger'), webhookId: 'c0a8e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b' };
		const loadedStaticData = JSON.parse(JSON.stringify(this.savedStaticData)) as IDataObject;
		const workflow = new Workflow({
			id: 'zoomSmsTriggerTest',
			nodes: [node],
			connections: {},
			active: mode === 'webhook',
			nodeTypes: this.nodeTypes,
			staticData: loadedStaticData,
		});
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type);
		const description = nodeType.description.webhooks?.[0];
		if (!description || !nodeType.webhook) throw new Error('The trigger declares no webhook');
		let returned: IWebhookResponseData | undefined;
		let thrown: Error | undefined;

		const handle = async (req: IncomingMessage, res: ServerResponse) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const request = req as IncomingMessage & { body?: unknown; params?: object; query?: object };
			request.rawBody = Buffer.concat(chunks);
			request.params = {};
			request.query = {};
			request.body = {};
			const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
			if (contentType === 'application/json' && request.rawBody.length > 0) {
				try {
					request.body = JSON.parse(request.rawBody.toString('utf8'));
				} catch {
					res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Failed to parse request body' }));
					return;
				}
			}
			const hooks = new ExecutionLifecycleHooks(mode, 'webhook-test', { id: workflow.id, name: 'test', nodes: [node], connections: {}, active: false, settings: {} } as never);
			const additionalData = { ...baseAdditionalData(this.credentials, hooks), httpRequest: request, httpResponse: res } as IWorkflowExecuteAdditionalData;
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: `${node.webhookId}/${String(description.path)}`,
				webhookDescription: description,
				workflowId: String(workflow.id),
				workflowExecuteAdditionalData: additionalData,
				webhookId: node.webhookId,
				isTest: mode === 'manual',
			};
			const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
			try {
				returned = await nodeType.webhook!.call(context);
				if (returned.workflowData && !returned.noWebhookResponse) {
					// As n8n does: a node that lets n8n answer has its execution started before n8n saves the
					// static data, and starting it builds a Workflow over the same object, resetting its
					// "changed" flag (webhook-helpers executeWebhook → WorkflowRunner.run).
					new Workflow({ id: workflow.id, nodes: [node], connections: {}, active: true, nodeTypes: this.nodeTypes, staticData: loadedStaticData });
				}
				if (mode === 'webhook' && workflow.staticData.__dataChanged === true) {
					const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
					delete saved.__dataChanged;
					this.savedStaticData = saved;
				}
			} catch (error) {
				thrown = error as Error;
				res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, message: 'Error in workflow' }));
				return;
			}
			if (returned.noWebhookResponse) {
				if (!res.writableEnded) res.end();
				return;
			}
			const answer = returned.webhookResponse ?? (returned.workflowData ? { message: 'Workflow was started' } : { message: 'Webhook call received' });
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
		};

		const server = createServer((req, res) => {
			handle(req, res).catch((error: Error) => {
				thrown ??= error;
				if (!res.headersSent) res.writeHead(500).end();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const response = await fetch(`http://127.0.0.1:${port}/webhook/${node.webhookId}/${String(description.path)}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Zoom Marketplace/1.0a', ...(call.headers ?? {}) },
				body: call.body,
			});
			const text = await response.text();
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				// not JSON: keep the text
			}
			return {
				status: response.status,
				headers: Object.fromEntries(response.headers.entries()),
				body,
				items: returned?.workflowData?.[0],
				returned,
				error: thrown,
			};
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	}

	/** A resource locator's list, as the editor asks for it. */
	async listSearch(method: string, filter?: string, paginationToken?: string, type = 'zoomSms'): Promise<INodeListSearchResult> {
		const node = this.node({}, {}, type);
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: this.nodeTypes });
		const hooks = new ExecutionLifecycleHooks('internal', 'list-search', { id: 'x', name: 'x', nodes: [node], connections: {}, active: false, settings: {} } as never);
		const context = new LoadOptionsContext(workflow, node, baseAdditionalData(this.credentials, hooks), 'parameters');
		const nodeType = this.nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`);
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`No list search ${method}`);
		return await search.call(context, filter, paginationToken);
	}
}

export type { NodeParameterValueType };
export { Container };
