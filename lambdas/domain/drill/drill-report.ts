/**
 * The DR drill's report: the seed's shape (`overallStatus`, `tests`) plus what a reader
 * needs to trust it: which database and run, the goals, the timeline of every step, the
 * teardown (what was removed, what was left) and what the environment could not exercise.
 * Pure: the report step gathers the facts, this assembles and judges them.
 */
import { InvalidInput } from '../../errors';
import type { DrillTest, DrillTestReport, DrillTestStatus } from './drill-test';
import { type DrillGoals, type PartOutcome, judgePart, overallStatus } from './drill-status';

/** One step of the drill on the timeline (a state of the drill's execution, or of a nested one). */
export interface TimelineStep {
  name: string;
  /** The test row it belongs to (inventory, restore, pitr, failover, teardown). */
  test: string;
  startedAt: string;
  endedAt: string;
  status: DrillTestStatus;
}

export interface TeardownOutcome {
  /** What the teardown deleted (ids), in order. */
  removed: string[];
  /** What still carries this drill's tag after the teardown (must be empty). */
  leftOver: string[];
  /** Errors the teardown met (each already alerted). */
  errors: string[];
}

export interface DrillReport extends DrillTestReport {
  drillId: string;
  deployment: string;
  database: string;
  startedAt: string;
  finishedAt: string;
  goals: DrillGoals;
  timeline: TimelineStep[];
  teardown: TeardownOutcome;
  /** What this environment could not show (the rehearsal on the emulator lists them). */
  notExercised: string[];
}

export interface DrillReportInput {
  drillId: string;
  deployment: string;
  database: string;
  startedAt: string;
  finishedAt: string;
  goals: DrillGoals;
  parts: PartOutcome[];
  timeline: TimelineStep[];
  teardown: TeardownOutcome;
  notExercised?: string[];
}

/** The teardown as a test row: failed when anything tagged for this drill is left or an error occurred. */
export function teardownResult(t: TeardownOutcome, durationS: number | null): DrillTest {
  const clean = t.leftOver.length === 0 && t.errors.length === 0;
  const detail = clean
    ? `removed ${t.removed.length} drill resource(s); nothing tagged for this drill is left`
    : [
        t.leftOver.length > 0 ? `left behind: ${t.leftOver.join(', ')}` : '',
        t.errors.length > 0 ? `errors: ${t.errors.join('; ')}` : '',
        `removed ${t.removed.length}`,
      ]
        .filter(Boolean)
        .join('; ');
  return {
    name: 'teardown',
    status: clean ? 'passed' : 'failed',
    durationS,
    rtoS: null,
    rpoS: null,
    detail,
    evidence: [
      {
        check: 'nothing tagged for this drill is left',
        passed: t.leftOver.length === 0,
        expected: '0 resources',
        actual: `${t.leftOver.length}`,
      },
      { check: 'teardown met no error', passed: t.errors.length === 0, expected: '0 errors', actual: `${t.errors.length}` },
    ],
  };
}

function iso(field: string, v: string): number {
  const ms = Date.parse(v);
  if (typeof v !== 'string' || Number.isNaN(ms)) throw new InvalidInput(field, 'must be an ISO-8601 time');
  return ms;
}

export function buildDrillReport(i: DrillReportInput): DrillReport {
  const start = iso('startedAt', i.startedAt);
  const end = iso('finishedAt', i.finishedAt);
  if (end < start) throw new InvalidInput('finishedAt', 'must not be before startedAt');
  i.timeline.forEach((s, n) => {
    if (iso(`timeline[${n}].endedAt`, s.endedAt) < iso(`timeline[${n}].startedAt`, s.startedAt)) {
      throw new InvalidInput(`timeline[${n}].endedAt`, 'must not be before its startedAt');
    }
  });
  const teardownSteps = i.timeline.filter((s) => s.test === 'teardown');
  const teardownS =
    teardownSteps.length > 0
      ? Math.round(
          (Math.max(...teardownSteps.map((s) => Date.parse(s.endedAt))) - Math.min(...teardownSteps.map((s) => Date.parse(s.startedAt)))) /
            1000,
        )
      : null;
  const tests = [...i.parts.map((p) => judgePart(p, i.goals)), teardownResult(i.teardown, teardownS)];
  return {
    overallStatus: overallStatus(tests),
    tests,
    drillId: i.drillId,
    deployment: i.deployment,
    database: i.database,
    startedAt: i.startedAt,
    finishedAt: i.finishedAt,
    goals: i.goals,
    timeline: i.timeline,
    teardown: i.teardown,
    notExercised: i.notExercised ?? [],
  };
}
