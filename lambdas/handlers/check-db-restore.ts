/**
 * Database restore, wait step (reusable). Throws NotReady while the instance is being created
 * (the state's Retry waits: one transition per poll); TerminalStatus for failed, incompatible-*,
 * inaccessible-encryption-credentials, deleting.
 * In:  DbRestoreRef (at least { dbInstanceIdentifier, region, startedAt })
 * Out: { status: "available", availableAt }
 */
import { stepHandler } from '../runtime/step-handler';
import { databaseRestoreService } from '../services/restore-instances';

export const handler = stepHandler('check-db-restore', (e: unknown) => databaseRestoreService().waitForRestore(e));
