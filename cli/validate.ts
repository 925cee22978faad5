/** Operator input checks done before anything is started: the error names the argument and what is allowed. */
import { validateRdsIdentifier } from '../lambdas/domain/backup/identifiers';
import { InvalidInput } from '../lambdas/errors';

export function validateDatabaseChoice(field: string, value: string, allowed: string[]): string {
  validateRdsIdentifier(field, value, 63);
  if (!allowed.includes(value)) {
    throw new InvalidInput(field, `unknown database "${value}"; this deployment protects: ${allowed.join(', ') || '(none configured)'}`);
  }
  return value;
}
