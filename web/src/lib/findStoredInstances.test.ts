import { afterEach, describe, expect, it, vi } from 'vitest';
import { findStoredInstances } from './findStoredInstances';

const instance = (uid: string) => ({ '00080018': { vr: 'UI', Value: [uid] } });

describe('findStoredInstances', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks once with a UID list and returns the UIDs the archive has', async () => {
    const fetchMock = vi.fn(async () => Response.json([instance('1.2.3')]));
    vi.stubGlobal('fetch', fetchMock);
    expect(await findStoredInstances(['1.2.3', '1.2.4', '1.2.3'])).toEqual(new Set(['1.2.3']));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const url = new URL(String((fetchMock.mock.calls[0] as unknown[])[0]), 'http://web');
    expect(url.pathname).toBe('/dicomweb/instances');
    expect(Object.fromEntries(url.searchParams)).toEqual({ SOPInstanceUID: '1.2.3,1.2.4', limit: '2' });
  });

  it('treats no match, an error answer and no answer as nothing stored', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    expect(await findStoredInstances(['1.2.3'])).toEqual(new Set());
    vi.stubGlobal('fetch', async () => Response.json({ title: 'Archive unreachable' }, { status: 502 }));
    expect(await findStoredInstances(['1.2.3'])).toEqual(new Set());
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('fetch failed')));
    expect(await findStoredInstances(['1.2.3'])).toEqual(new Set());
  });

  it('does not ask about no files', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    expect(await findStoredInstances([])).toEqual(new Set());
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
