/** The restore plan, progress and result lines live in local/console/restore-plan.ts (the rehearsal prints them too; local never imports cli). */
export * from '../local/console/restore-plan';
