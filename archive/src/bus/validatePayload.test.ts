import { Subject, type SubjectName } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import { studyUpdated } from './sampleEvents.js';
import { requireValidPayload, validatePayload } from './validatePayload.js';

describe('validatePayload', () => {
  it('accepts a valid payload and strips unknown fields', () => {
    const result = validatePayload(Subject.StudyUpdated, { ...studyUpdated(1), extra: 'x' });
    expect(result).toEqual({ ok: true, value: studyUpdated(1) });
  });

  it('describes issues by path and code without echoing values', () => {
    const result = validatePayload(Subject.StudyUpdated, {
      ...studyUpdated(1),
      studyInstanceUID: 'DOE^JANE',
      numberOfSeries: -1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('studyInstanceUID: invalid_format');
    expect(result.error).toContain('numberOfSeries: too_small');
    expect(result.error).not.toContain('DOE^JANE');
  });

  it('rejects a non-object and an unknown subject', () => {
    expect(validatePayload(Subject.StudyDeleted, 'hello').ok).toBe(false);
    expect(validatePayload('archive.nope.v1' as SubjectName, {}).ok).toBe(false);
  });

  it('requireValidPayload throws for the publisher’s bug', () => {
    expect(() => requireValidPayload(Subject.StudyDeleted, { studyInstanceUID: '1.2' })).toThrow(
      /invalid archive\.study\.deleted\.v1 event: deletedAt: invalid_type/,
    );
  });
});
