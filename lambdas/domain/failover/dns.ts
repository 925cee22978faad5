/**
 * The database's DNS name: one CNAME in a private Route 53 hosted zone that
 * clients connect to, repointed by the failover. Pure: validation, the
 * change batch and the exact command to finish by hand.
 */

export interface DnsRecord {
  hostedZoneId: string;
  /** Fully qualified record name, e.g. db.muejam.internal (no trailing dot needed). */
  recordName: string;
  /** Seconds; short so clients follow a failover quickly. */
  ttl: number;
}

export const DNS_TTL_RANGE = { min: 5, max: 300 } as const;
const ZONE_ID = /^[A-Z0-9]{1,32}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lowercase, no trailing dot: the form Route 53 IAM conditions compare (NormalizedRecordNames). */
export function normalizeRecordName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Problems of a DNS record setting, each naming the field and what is allowed; [] when valid. */
export function dnsRecordProblems(field: string, r: Partial<DnsRecord> | undefined): string[] {
  if (!r) return [`${field}: is not configured (hostedZoneId, recordName and ttl of the private zone record clients use)`];
  const problems: string[] = [];
  const zone = (r.hostedZoneId ?? '').replace(/^\/hostedzone\//, '');
  if (!ZONE_ID.test(zone))
    problems.push(
      `${field}.hostedZoneId: "${r.hostedZoneId ?? ''}" is not a Route 53 hosted zone id (upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ)`,
    );
  const name = normalizeRecordName(r.recordName ?? '');
  const labels = name.split('.');
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    problems.push(`${field}.recordName: "${r.recordName ?? ''}" is not a DNS name with at least two labels (letters, digits, hyphens)`);
  }
  const ttl = r.ttl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < DNS_TTL_RANGE.min || ttl > DNS_TTL_RANGE.max) {
    problems.push(
      `${field}.ttl: must be a whole number of seconds from ${DNS_TTL_RANGE.min} to ${DNS_TTL_RANGE.max} (got ${JSON.stringify(ttl)})`,
    );
  }
  return problems;
}

export function sameRecord(a: Pick<DnsRecord, 'hostedZoneId' | 'recordName'>, b: Pick<DnsRecord, 'hostedZoneId' | 'recordName'>): boolean {
  return normalizeRecordName(a.recordName) === normalizeRecordName(b.recordName);
}

/**
 * The record a run repoints: the configured production record, or (a DR drill)
 * a drill record that is configured as this database's drill record and is
 * never the production record. Returns a problem text, or the record.
 */
export function chooseDnsRecord(
  production: DnsRecord | undefined,
  drillConfigured: DnsRecord | undefined,
  requested: Pick<DnsRecord, 'hostedZoneId' | 'recordName'> | undefined,
): { record: DnsRecord; drill: boolean } | { problem: string } {
  if (!requested) {
    if (!production)
      return { problem: 'dns: no record is configured for this database (muejam.failover.databases.<db>.dns); nothing was changed' };
    return { record: production, drill: false };
  }
  if (production && sameRecord(requested, production)) {
    return {
      problem: `dns.recordName: ${normalizeRecordName(requested.recordName)} is the production record; a drill must use its own record`,
    };
  }
  if (!drillConfigured)
    return { problem: 'dns: no drill record is configured for this database (muejam.failover.databases.<db>.drillDns)' };
  if (!sameRecord(requested, drillConfigured) || requested.hostedZoneId !== drillConfigured.hostedZoneId) {
    return {
      problem: `dns: ${requested.hostedZoneId}/${normalizeRecordName(requested.recordName)} is not the configured drill record (${drillConfigured.hostedZoneId}/${normalizeRecordName(drillConfigured.recordName)})`,
    };
  }
  return { record: drillConfigured, drill: true };
}

/** The Route 53 change that points the record at an endpoint (idempotent UPSERT of one CNAME). */
export function repointChangeBatch(record: DnsRecord, endpoint: string, comment: string) {
  return {
    Comment: comment.slice(0, 256),
    Changes: [
      {
        Action: 'UPSERT' as const,
        ResourceRecordSet: {
          Name: normalizeRecordName(record.recordName),
          Type: 'CNAME' as const,
          TTL: record.ttl,
          ResourceRecords: [{ Value: endpoint }],
        },
      },
    ],
  };
}

/** The exact AWS CLI command that makes the same change by hand. */
export function manualRepointCommand(record: DnsRecord, endpoint: string): string {
  const batch = JSON.stringify(repointChangeBatch(record, endpoint, 'muejam failover, finished by hand'));
  return `aws route53 change-resource-record-sets --hosted-zone-id ${record.hostedZoneId} --change-batch '${batch}'`;
}

/** The value a CNAME record set answers with (normalized), or undefined. */
export function recordValue(set: { ResourceRecords?: { Value?: string }[] } | undefined): string | undefined {
  const v = set?.ResourceRecords?.[0]?.Value;
  return v ? normalizeRecordName(v) : undefined;
}
