/**
 * How a configuration area's settings reach the Lambdas: one JSON environment
 * variable per area (`MUEJAM_SETTINGS_<AREA>`), written by CDK from the area's
 * validated context values and parsed at runtime by the SAME zod schema
 * (kept next to this file, `lambdas/domain/settings/<area>.ts`, and imported by
 * lib/config/<area>.ts; lib imports lambdas/domain, never the reverse).
 *
 *   // lambdas/domain/settings/restore.ts
 *   export const RESTORE_SETTINGS = defineSettings('restore', z.strictObject({ maxHours: z.number().int().min(1).max(72) }));
 *   // lib/config/restore.ts (CDK):   environment: RESTORE_SETTINGS.environment(config.restore)
 *   // the service (runtime):         const s = RESTORE_SETTINGS.read();   // typed, or InvalidInput naming env + field
 */
import type { z } from 'zod';
import { InvalidInput } from '../../errors';
import { describeIssues } from '../inputs/strict';

export interface AreaSettings<T> {
  /** The area, kebab-case ("restore-test"). */
  area: string;
  /** The environment variable that carries the area's JSON. */
  envName: string;
  schema: z.ZodType<T>;
  /** The variables to set on a Lambda (CDK, local runner); validates first, so a bad value fails synth. */
  environment(value: T): Record<string, string>;
  /** Parses the variable (runtime); throws InvalidInput naming `env <NAME>.<field>` and what is allowed. */
  read(env?: NodeJS.ProcessEnv): T;
}

export function settingsEnvName(area: string): string {
  return `MUEJAM_SETTINGS_${area.toUpperCase().replace(/-/g, '_')}`;
}

export function defineSettings<T>(area: string, schema: z.ZodType<T>, envName = settingsEnvName(area)): AreaSettings<T> {
  const field = `env ${envName}`;
  const check = (value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const [first] = describeIssues(r.error.issues, field);
      throw new InvalidInput(first.field, first.message);
    }
    return r.data;
  };
  return {
    area,
    envName,
    schema,
    environment: (value) => ({ [envName]: JSON.stringify(check(value)) }),
    read: (env = process.env) => {
      const raw = env[envName]?.trim();
      if (!raw) throw new InvalidInput(field, `is required (a JSON object set by the CDK stack from the ${area} configuration)`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new InvalidInput(field, `is not JSON: ${raw.slice(0, 80)}`);
      }
      return check(parsed);
    },
  };
}
