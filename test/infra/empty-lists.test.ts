/**
 * Every list key that docs/configuration.md says may be empty synthesizes empty
 * (all of them at once), with cdk-nag on, and leaves nothing behind for the
 * resources its default names: no bucket, workflow, schedule, alarm or output.
 * The keys are read from the reference's table ("(may be empty"), so a list key
 * documented as optional later is covered without editing this test.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './synth';
import { synthesizeVariant, type VariantResult } from '../support/synth-variant';

/** `muejam.<key>` -> its documented default list, for every row of the key table that may be empty. */
function emptyableListKeys(): Record<string, string[]> {
  const rows = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8')
    .split('\n')
    .filter((l) => /^\| `muejam\./.test(l) && /\(may be empty/.test(l));
  return Object.fromEntries(
    rows.map((l) => {
      const [key, def] = l
        .split('|')
        .slice(1, 3)
        .map((c) => c.trim().replace(/^`|`$/g, ''));
      return [key, JSON.parse(def) as string[]];
    }),
  );
}

describe('a deployment with every list the docs allow to be empty, empty', () => {
  const keys = emptyableListKeys();
  let result: VariantResult;
  let templates: Record<string, any> = {};
  beforeAll(() => {
    result = synthesizeVariant(Object.fromEntries(Object.keys(keys).map((k) => [k, '[]'])));
    if (result.ok) templates = result.templates;
  }, 300_000);

  it('the reference names the optional lists (muejam.redisGroups at least)', () => {
    expect(Object.keys(keys)).toContain('muejam.redisGroups');
  });

  it('synthesizes, cdk-nag included', () => {
    expect(result.ok ? 'synthesized' : result.message).toBe('synthesized');
    expect(Object.keys(templates).sort()).toEqual(['muejam-backup-dr-prod-backup-region', 'muejam-backup-dr-prod-primary']);
  });

  it('makes nothing for what the defaults of those lists name', () => {
    expect(Object.keys(templates)).toHaveLength(2);
    const text = JSON.stringify(templates);
    for (const [key, defaults] of Object.entries(keys)) {
      for (const name of defaults) expect({ key, mentions: text.includes(name) }).toEqual({ key, mentions: false });
    }
  });

  it('has no Redis bucket, workflow, schedule, alarm or output without Redis groups', () => {
    expect(Object.keys(templates)).toHaveLength(2);
    const resources = Object.values(templates).flatMap((t: any) => Object.entries(t.Resources ?? {})) as [string, any][];
    const named = (type: string, prop: string) =>
      resources.filter(([, r]) => r.Type === type).map(([, r]) => JSON.stringify(r.Properties?.[prop] ?? ''));
    expect(named('AWS::StepFunctions::StateMachine', 'StateMachineName').filter((n) => /redis/i.test(n))).toEqual([]);
    expect(named('AWS::S3::Bucket', 'BucketName').filter((n) => /redis/i.test(n))).toEqual([]);
    expect(named('AWS::Scheduler::Schedule', 'Name').filter((n) => /redis/i.test(n))).toEqual([]);
    expect(named('AWS::CloudWatch::Alarm', 'AlarmName').filter((n) => /redis/i.test(n))).toEqual([]);
    const outputs = Object.values(templates).flatMap((t: any) => Object.keys(t.Outputs ?? {}));
    expect(outputs.filter((o) => /redis/i.test(o))).toEqual([]);
    // the database side is all there
    expect(named('AWS::StepFunctions::StateMachine', 'StateMachineName').join(' ')).toContain('database-backup');
  });
});
