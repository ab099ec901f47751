export { buildSnapshot, droppedByPolicy, droppedToolsReport, fingerprintOf } from './snapshot.js';
export type { DroppedTool, Snapshot, SnapshotOptions } from './snapshot.js';
