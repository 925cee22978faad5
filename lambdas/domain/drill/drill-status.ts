/**
 * How a DR drill is judged: each test's figures against the recovery goals, and the
 * drill's overall status from its tests. Pure, property-tested
 * (test/unit/domain/drill/drill-status.properties.test.ts).
 *
 * - The goal is the tighter of the deployment's target (`muejam.rtoHours`,
 *   `muejam.rpoHours`) and the drill's own goal where one is configured
 *   (`muejam.drill.rtoGoalHours`, `muejam.drill.rpoGoalHours`).
 * - A test whose checks failed, that errored, or whose RTO/RPO is over the goal: `failed`.
 * - A safety guard that refused (failover guard): `refused`; a part that could not run: `skipped`.
 * - Overall: `failed` when any test failed (or nothing was tested at all), `passed` when
 *   every test passed, `partial` otherwise (refused or skipped parts, nothing failed).
 */
import { InvalidInput } from '../../errors';
import type { CheckEvidence, DrillOverallStatus, DrillTest } from './drill-test';

export interface DrillGoals {
  rtoS: number;
  rpoS: number;
  /** The setting each goal came from, for the report. */
  rtoSource: string;
  rpoSource: string;
}

export interface GoalSettings {
  rtoHours: number;
  rpoHours: number;
  /** Tighter drill goals; ignored when looser than the targets. */
  rtoGoalHours?: number;
  rpoGoalHours?: number;
}

function hours(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InvalidInput(field, 'must be a number of hours greater than 0');
  return v;
}

export function drillGoals(s: GoalSettings): DrillGoals {
  const rto = hours('rtoHours', s.rtoHours);
  const rpo = hours('rpoHours', s.rpoHours);
  const rtoGoal = s.rtoGoalHours === undefined ? undefined : hours('drill.rtoGoalHours', s.rtoGoalHours);
  const rpoGoal = s.rpoGoalHours === undefined ? undefined : hours('drill.rpoGoalHours', s.rpoGoalHours);
  const rtoTighter = rtoGoal !== undefined && rtoGoal < rto;
  const rpoTighter = rpoGoal !== undefined && rpoGoal < rpo;
  return {
    rtoS: Math.round((rtoTighter ? rtoGoal : rto) * 3600),
    rpoS: Math.round((rpoTighter ? rpoGoal : rpo) * 3600),
    rtoSource: rtoTighter ? 'muejam.drill.rtoGoalHours' : 'muejam.rtoHours',
    rpoSource: rpoTighter ? 'muejam.drill.rpoGoalHours' : 'muejam.rpoHours',
  };
}

/** What a drill part reported, before it is judged against the goals. */
export type PartResult = 'completed' | 'checks-failed' | 'error' | 'guard-refused' | 'not-run';
export const PART_RESULTS: readonly PartResult[] = ['completed', 'checks-failed', 'error', 'guard-refused', 'not-run'];

export interface PartOutcome {
  name: string;
  result: PartResult;
  durationS: number | null;
  rtoS: number | null;
  rpoS: number | null;
  detail: string;
  evidence?: CheckEvidence[];
}

const fmt = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(2)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s} s`);

/** The evidence lines of the figure comparisons, and whether every measured figure is within its goal. */
export function compareFigures(o: Pick<PartOutcome, 'rtoS' | 'rpoS'>, goals: DrillGoals): { within: boolean; evidence: CheckEvidence[] } {
  const evidence: CheckEvidence[] = [];
  if (o.rtoS !== null) {
    evidence.push({
      check: 'RTO within goal',
      passed: o.rtoS <= goals.rtoS,
      expected: `<= ${fmt(goals.rtoS)} (${goals.rtoSource})`,
      actual: fmt(o.rtoS),
    });
  }
  if (o.rpoS !== null) {
    evidence.push({
      check: 'RPO within goal',
      passed: o.rpoS <= goals.rpoS,
      expected: `<= ${fmt(goals.rpoS)} (${goals.rpoSource})`,
      actual: fmt(o.rpoS),
    });
  }
  return { within: evidence.every((e) => e.passed), evidence };
}

/** One test row of the report: the part's outcome judged against the goals. */
export function judgePart(o: PartOutcome, goals: DrillGoals): DrillTest {
  if (!PART_RESULTS.includes(o.result)) throw new InvalidInput(`${o.name}.result`, `must be one of ${PART_RESULTS.join(', ')}`);
  const base = { name: o.name, durationS: o.durationS, rtoS: o.rtoS, rpoS: o.rpoS };
  const { within, evidence: figures } = compareFigures(o, goals);
  const evidence = [...(o.evidence ?? []), ...figures];
  const withEvidence = evidence.length > 0 ? { evidence } : {};
  switch (o.result) {
    case 'not-run':
      return { ...base, status: 'skipped', detail: o.detail, ...withEvidence };
    case 'guard-refused':
      return { ...base, status: 'refused', detail: o.detail, ...withEvidence };
    case 'checks-failed':
    case 'error':
      return { ...base, status: 'failed', detail: o.detail, ...withEvidence };
    case 'completed': {
      if (o.evidence?.some((e) => !e.passed)) return { ...base, status: 'failed', detail: `${o.detail}; a check failed`, ...withEvidence };
      if (!within) {
        const over = figures.filter((e) => !e.passed).map((e) => `${e.check.split(' ')[0]} ${e.actual} over the goal ${e.expected}`);
        return { ...base, status: 'failed', detail: `${o.detail}; ${over.join('; ')}`, ...withEvidence };
      }
      return { ...base, status: 'passed', detail: o.detail, ...withEvidence };
    }
  }
}

export function overallStatus(tests: readonly Pick<DrillTest, 'status'>[]): DrillOverallStatus {
  if (tests.length === 0) return 'failed';
  if (tests.some((t) => t.status === 'failed')) return 'failed';
  if (tests.every((t) => t.status === 'passed')) return 'passed';
  return 'partial';
}
