/** The retention domain: the pure plan, its policy, ownership rules and the snapshot quota. */
export * from './types';
export * from './policy';
export * from './ownership';
export * from './calendar';
export * from './plan';
export * from './summary';
export * from './quota';
export { validateRetentionSnapshots, validateNow } from './snapshot-input';
export * from './snapshot-mapping';
export * from './clock';
export * from './report';
export * from './plan-table';
