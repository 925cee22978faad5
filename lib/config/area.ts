/**
 * One configuration area: the context keys of one part of the system (core,
 * schedules, retention, ...), each a zod schema built with `contextValue`, and
 * `build`, which turns the parsed values into that area's slice of BackupConfig
 * and runs the checks that span several keys. See lib/config/index.ts for how
 * to add an area.
 */
import type { z } from 'zod';
import { CONTEXT_PREFIX } from './context-values';

export interface AreaContext {
  /** CDK_DEFAULT_ACCOUNT (set by the CDK CLI when credentials are available). */
  defaultAccount?: string;
  /** Reports a problem on one of this area's keys (without prefix), e.g. problem('backupRegion', 'must differ ...'). */
  problem(key: string, message: string): void;
  /** False when the key's own value was refused (its default stands in): skip cross-key checks on it. */
  valid(key: string): boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: a field is any zod schema over a raw context value
export type AreaFields = Record<string, z.ZodType<any, unknown>>;
export type AreaValues<F extends AreaFields> = { [K in keyof F]: z.output<F[K]> };

export interface ConfigArea<F extends AreaFields = AreaFields, S extends object = object> {
  /** Name of the area (the file name under lib/config/). */
  readonly name: string;
  /** Between `muejam.` and the field name: '' for the flat core keys, 'retention.' for `muejam.retention.floor`. */
  readonly keyPrefix: string;
  readonly fields: F;
  /**
   * The area's slice of BackupConfig. `earlier` holds the slices of the areas
   * listed before this one in AREAS (e.g. the core's `databases`).
   */
  build(values: AreaValues<F>, ctx: AreaContext, earlier: Record<string, unknown>): S;
}

export function defineArea<F extends AreaFields, S extends object>(area: ConfigArea<F, S>): ConfigArea<F, S> {
  return area;
}

/** The area's context keys with their `muejam.` prefix. */
export function areaContextKeys(area: ConfigArea): string[] {
  return Object.keys(area.fields).map((k) => `${CONTEXT_PREFIX}${area.keyPrefix}${k}`);
}
