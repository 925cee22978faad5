import { manualBackupHeadroom, MANUAL_BACKUPS_PER_NODE_PER_DAY } from '../../../../lambdas/domain/redis/quota';

const now = new Date('2026-11-24T02:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe('manual backup headroom (20 per node per 24 h)', () => {
  it('counts only manual backups of the last 24 hours', () => {
    const r = manualBackupHeadroom(
      [
        { name: 'a', source: 'manual', createdAt: hoursAgo(1) },
        { name: 'b', source: 'manual', createdAt: hoursAgo(23.9) },
        { name: 'c', source: 'manual', createdAt: hoursAgo(24) },
        { name: 'd', source: 'automated', createdAt: hoursAgo(2) },
        { name: 'e', source: 'manual' }, // being made right now
      ],
      now,
    );
    expect(r).toEqual({ used: 3, limit: MANUAL_BACKUPS_PER_NODE_PER_DAY, remaining: 17 });
  });

  it('at the limit, says when the next slot frees up', () => {
    const snaps = Array.from({ length: 20 }, (_, i) => ({ name: `s${i}`, source: 'manual', createdAt: hoursAgo(20 - i) }));
    const r = manualBackupHeadroom(snaps, now);
    expect(r.remaining).toBe(0);
    // The oldest (20 h ago) leaves the window in 4 h.
    expect(r.nextSlotAt).toBe(new Date(now.getTime() + 4 * 3600_000).toISOString());
  });

  it('above the limit, the slot frees when enough old ones have aged out', () => {
    const snaps = Array.from({ length: 22 }, (_, i) => ({ name: `s${i}`, source: 'manual', createdAt: hoursAgo(22 - i) }));
    const r = manualBackupHeadroom(snaps, now, 20);
    expect(r).toMatchObject({ used: 22, remaining: 0 });
    // 22 used: 3 must leave the window for one slot; the third oldest is 20 h old.
    expect(r.nextSlotAt).toBe(new Date(now.getTime() + 4 * 3600_000).toISOString());
  });
});
