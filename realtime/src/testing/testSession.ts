import type { SessionCreated } from '@consilium/shared';
import type { Realtime } from '../createRealtime.js';
import { SessionClient } from './SessionClient.js';

export const STUDY_UID = '1.2.826.0.1.3680043.8.498.1';

/** A new session and a helper that joins it under a name (host with the host token). */
export async function newSession(realtime: Realtime) {
  const session: SessionCreated = await realtime.sessions.create({ studyInstanceUIDs: [STUDY_UID], title: 'tumour board' });
  const clients: SessionClient[] = [];
  return {
    session,
    clients,
    async join(url: string, name: string, extra: { host?: boolean; role?: 'participant' | 'viewer'; participantId?: string } = {}) {
      const client = await SessionClient.join(url, {
        sessionId: session.sessionId,
        token: extra.host ? session.hostToken : session.joinToken,
        name,
        ...(extra.role ? { role: extra.role } : {}),
        ...(extra.participantId ? { participantId: extra.participantId } : {}),
      });
      clients.push(client);
      return client;
    },
    closeAll() {
      for (const c of clients) c.close();
    },
  };
}
