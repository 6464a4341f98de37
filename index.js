// The package's main entry. n8n itself loads the files listed under "n8n" in package.json; this lets
// other code reuse the nodes, the credential and the pure helpers (phone-number formatting, message
// splitting, webhook signatures).
const { ZoomSms } = require('./dist/nodes/ZoomSms/ZoomSms.node');
const { ZoomSmsApi } = require('./dist/credentials/ZoomSmsApi.credentials');
const helpers = require('./dist/shared/index');

module.exports = { ZoomSms, ZoomSmsApi, ...helpers };
