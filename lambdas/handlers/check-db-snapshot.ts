import { stepHandler } from '../runtime/step-handler';
import { backupService } from '../services/instances';

/** Wait step: returns once the snapshot is available; throws NotReady while it is not. */
export const handler = stepHandler('check-db-snapshot', (e: { region: string; snapshotId: string }) => backupService().waitForSnapshot(e));
