/**
 * Every IAM wildcard this app grants carries its reason next to the statement
 * that needs it. `because(reason, statement)` records the reason; when the
 * statement is attached, `acknowledgeWildcards` acknowledges exactly the
 * cdk-nag findings that statement causes (`AwsSolutions-IAM5[Resource::...]`,
 * `AwsSolutions-IAM5[Action::...]`) with that reason, and refuses a wildcard
 * that has no reason. Wildcard resources must be literal strings (no tokens),
 * so the finding id is known at synth time.
 */
import { Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

const reasons = new WeakMap<iam.PolicyStatement, string>();
/** Reasons already given per scope and finding id, so two statements causing one finding give both reasons. */
const given = new WeakMap<IConstruct, Map<string, string[]>>();

/** Records why `statement` needs its wildcard(s); returns the statement. */
export function because(reason: string, statement: iam.PolicyStatement): iam.PolicyStatement {
  if (!reason.trim()) throw new Error('because(): the reason must not be empty');
  reasons.set(statement, reason);
  return statement;
}

function asArray(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The cdk-nag IAM5 finding ids a statement causes (empty when it has no wildcard). */
export function wildcardFindings(statement: iam.PolicyStatement): string[] {
  const json = statement.toStatementJson() as { Action?: unknown; Resource?: unknown; Effect?: string };
  if (json.Effect === 'Deny') return [];
  const findings: string[] = [];
  for (const action of asArray(json.Action)) if (action.includes('*')) findings.push(`Action::${action}`);
  for (const resource of asArray(json.Resource)) {
    if (!resource.includes('*')) continue;
    if (Token.isUnresolved(resource)) {
      throw new Error(`wildcard resource ${resource} contains a token: use a literal ARN so its cdk-nag finding can be acknowledged`);
    }
    findings.push(`Resource::${resource}`);
  }
  return findings.map((f) => `AwsSolutions-IAM5[${f}]`);
}

/** Acknowledges on `scope` the wildcard findings of `statements`, each with its recorded reason. */
export function acknowledgeWildcards(scope: IConstruct, statements: iam.PolicyStatement[], owner: string): void {
  for (const statement of statements) {
    const findings = wildcardFindings(statement);
    if (findings.length === 0) continue;
    const reason = reasons.get(statement);
    if (!reason) {
      throw new Error(
        `${owner}: statement ${JSON.stringify(statement.toStatementJson())} has a wildcard (${findings.join(', ')}) ` +
          'but no reason: wrap it in because("why", statement) from lib/constructs/wildcard-reasons.ts',
      );
    }
    let byId = given.get(scope);
    if (!byId) {
      byId = new Map();
      given.set(scope, byId);
    }
    for (const id of findings) {
      const all = byId.get(id) ?? [];
      if (!all.includes(reason)) all.push(reason);
      byId.set(id, all);
      Validations.of(scope).acknowledge({ id, reason: all.join(' ') });
    }
  }
}
