/** The shape of a group seeded from a backup. Pure. */
import { evenSlotRanges } from './names';

/**
 * Cluster mode: each shard configured (AWS requires NodeGroupConfiguration to seed one), slots split evenly;
 * otherwise one primary and its replicas.
 */
export function seedTopology(clusterModeEnabled: boolean, numNodeGroups: number, replicas: number) {
  if (!clusterModeEnabled) return { NumCacheClusters: 1 + replicas };
  return {
    NumNodeGroups: numNodeGroups,
    ReplicasPerNodeGroup: replicas,
    ClusterMode: 'enabled' as const,
    NodeGroupConfiguration: evenSlotRanges(numNodeGroups).map((Slots, i) => ({
      NodeGroupId: String(i + 1).padStart(4, '0'),
      Slots,
      ReplicaCount: replicas,
    })),
  };
}
