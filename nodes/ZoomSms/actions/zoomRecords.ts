// Moved to nodes/shared/zoomRecords.ts so the Zoom SMS Polling Trigger can use it too; kept for the imports here.
export * from '../../shared/zoomRecords';
