export * from './client';
export * from './failures';
