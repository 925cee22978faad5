/**
 * Twice a day: seconds since the last restore test that passed, per protected database
 * (RestoreTestSinceSuccess; the "no successful restore test in 8 days" alarm reads it, and
 * missing data breaches). In: {}   Out: { <db>: { sinceSeconds, measuredFrom, at } | null }
 */
import { stepHandler } from '../runtime/step-handler';
import { restoreTestFreshness } from '../services/restore-test-instances';

export const handler = stepHandler('check-restore-test-freshness', () => restoreTestFreshness().check());
