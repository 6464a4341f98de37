/**
 * n8n's community-package scanner wants a parameter's default written as a literal (node-param-default-missing),
 * so Send's numeric options repeat the fallbacks of SEND_LIMITS: this keeps both the same.
 */
import type { INodeProperties } from 'n8n-workflow';

import { description } from '../../nodes/ZoomSms/actions/message/send/description';
import { SEND_LIMITS } from '../../nodes/shared/sendOptions';

test('the editor\'s defaults of Send\'s numeric options are the fallbacks the node applies', () => {
	const options = description.find((property) => property.name === 'options')?.options as INodeProperties[];
	for (const [name, limits] of Object.entries(SEND_LIMITS)) {
		const option = options.find((candidate) => candidate.name === name);
		expect({ name, default: option?.default }).toEqual({ name, default: limits.fallback });
	}
});
