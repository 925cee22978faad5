/**
 * The console examples come from the input schemas: each schema's example
 * parses, and the README's "Running the workflows by hand" table shows exactly
 * that example for its workflow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_INPUTS } from '../../../../lambdas/domain/inputs';
import { workflowByName } from '../../../../lambdas/domain/workflows/registry';

const README = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');

/** README row label -> workflow name (new workflows add their row here with their README line). */
const ROWS: Record<string, string> = {
  'database backup': 'database-backup',
  'database retention': 'database-retention',
  'Redis/Valkey backup': 'redis-backup',
  'Redis/Valkey restore': 'redis-restore',
  'weekly restore test': 'restore-test',
  'database restore from a snapshot': 'database-restore',
  'read replica in another AZ': 'database-replica',
  'replica health': 'replica-health',
  'database failover to the replica': 'database-failover',
  'DR drill': 'dr-drill',
};

/** README rows showing a variant of a workflow's input (WORKFLOW_INPUTS[...].variants). */
const VARIANT_ROWS: Record<string, [string, string]> = {
  'database point-in-time restore': ['database-restore', 'point in time'],
};

function consoleInputOf(label: string): unknown {
  const row = README.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!row) throw new Error(`README has no row "${label}" in "Running the workflows by hand"`);
  const cell = row.split(' | ')[1];
  const json = /`(\{.*?\})`/.exec(cell)?.[1];
  if (!json) throw new Error(`README row "${label}" has no console input`);
  return JSON.parse(json);
}

describe('workflow input examples', () => {
  it.each(Object.keys(WORKFLOW_INPUTS))('%s: a registered workflow whose example parses', (name) => {
    expect(workflowByName(name)?.name).toBe(name);
    const { schema, example } = WORKFLOW_INPUTS[name];
    expect(schema.safeParse(example)).toMatchObject({ success: true, data: example });
  });

  it.each(Object.entries(ROWS))('the README row "%s" shows the %s schema example', (label, name) => {
    expect(consoleInputOf(label)).toEqual(WORKFLOW_INPUTS[name].example);
  });

  it.each(Object.entries(VARIANT_ROWS))('the README row "%s" shows the %j variant, which parses', (label, [name, variant]) => {
    const example = WORKFLOW_INPUTS[name].variants?.[variant];
    expect(WORKFLOW_INPUTS[name].schema.safeParse(example)).toMatchObject({ success: true, data: example });
    expect(consoleInputOf(label)).toEqual(example);
  });
});
