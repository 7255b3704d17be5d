import type { StudyDeletedV1, StudyUpdatedV1 } from '@consilium/shared';

/** Valid test payloads; `n` makes each one distinguishable. */
export function studyUpdated(n: number): StudyUpdatedV1 {
  return {
    studyInstanceUID: `1.2.826.0.1.3680043.8.498.${n}`,
    numberOfSeries: 1,
    numberOfInstances: n,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n % 60)).toISOString(),
  };
}

export function studyDeleted(n: number): StudyDeletedV1 {
  return { studyInstanceUID: `1.2.826.0.1.3680043.8.498.${n}`, deletedAt: new Date(Date.UTC(2025, 0, 2)).toISOString() };
}
