// The pure helpers, re-exported by the package's index.js (through dist/shared/index.js) so other code can
// reuse them: phone-number formatting, message splitting, webhook signatures and retry timing.
export * from './phoneNumbers';
export * from './messageSplitting';
export * from './webhookSignature';
export * from './retryAfter';
