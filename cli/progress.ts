/** Live progress lines live in local/console/progress.ts (the rehearsal uses them too; local never imports cli). */
export * from '../local/console/progress';
