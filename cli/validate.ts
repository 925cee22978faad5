/** Operator input checks done before anything is started: the error names the argument and what is allowed. */
import { validateProtectedDatabase } from '../lambdas/domain/backup/identifiers';

/** The same rule the workflows apply, so a typo is refused before an execution starts. */
export const validateDatabaseChoice = (field: string, value: string, allowed: string[]): string =>
  validateProtectedDatabase(field, value, allowed);
