import type { ApiScope } from '@consilium/shared';

/**
 * The API-key scope a request needs (see API_SCOPES): reading the audit
 * trail `audit`, scheduling `worklist`, changing grants `grant`, storing
 * `store`, any other read `read`.
 */
export function scopeNeeded(method: string, path: string): ApiScope {
  if (path.startsWith('/api/audit')) return 'audit';
  if (path.startsWith('/api/worklist')) return method === 'GET' ? 'read' : 'worklist';
  if (/^\/api\/studies\/[^/]+\/grants\//.test(path)) return 'grant';
  if (method === 'POST' || method === 'PUT' || method === 'DELETE') return 'store';
  return 'read';
}
