/** The terminal output lives in local/console/output.ts (the rehearsal uses it too; local never imports cli). */
export * from '../local/console/output';
