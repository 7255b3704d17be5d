import { describe, expect, it } from 'vitest';
import { studyUidOfViewerPath } from './studyPrefetch';

describe('studyUidOfViewerPath', () => {
  it('reads the Study Instance UID of a viewer path, decoded', () => {
    expect(studyUidOfViewerPath('/viewer/1.2.840.113619.2.1')).toBe('1.2.840.113619.2.1');
    expect(studyUidOfViewerPath('/viewer/1.2.3%2E4/')).toBe('1.2.3.4');
  });

  it('is undefined for other pages and for undecodable segments', () => {
    expect(studyUidOfViewerPath('/')).toBeUndefined();
    expect(studyUidOfViewerPath('/viewer/')).toBeUndefined();
    expect(studyUidOfViewerPath('/viewer/1.2/extra')).toBeUndefined();
    expect(studyUidOfViewerPath('/viewer/%E0%A4%A')).toBeUndefined();
  });
});
