/**
 * Message → Send with texts that have nothing to read (issue 9), through n8n's engine: no blank SMS
 * reaches Zoom, and a text with no visible character is an error naming the item, before anything is sent.
 */
import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

const send = (text: string) => new InProcessN8n(simulatorCredential(sim)).run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'fine' }, { phone: SEED.contacts.riley, text }]);

test('600 zero-width joiners are refused, naming the item, and nothing is sent', async () => {
	const { error } = await send('\u200D'.repeat(600));
	expect(error?.message).toBe(
		'Item 1: Message: The message has no visible text: its 600 characters are all invisible (zero-width joiners or spaces, direction marks, control characters). Enter the text to send, or add an attachment.',
	);
	expect(sim.messages).toHaveLength(0);
});

test('a text just over 500 characters ending in line breaks goes as one SMS, not two', async () => {
	const text = 'abcd '.repeat(100) + '\n\n\n\n';
	const { error, items } = await send(text);
	expect(error).toBeUndefined();
	// Items may be sent concurrently: compare without order.
	expect(sim.messages.map((message) => message.message).sort()).toEqual(['abcd '.repeat(100), 'fine']);
	expect(items[1].json.parts).toBeUndefined();
});
