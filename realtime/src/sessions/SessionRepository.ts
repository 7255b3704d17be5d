import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParticipantRole, SessionCreated } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { sessions } from '../db/schema.js';

export interface SessionRecord {
  sessionId: string;
  title: string;
  studyInstanceUIDs: string[];
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sessions and their join secrets. Only SHA-256 digests of the tokens are
 * stored: a database dump does not let anyone join.
 */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(input: { studyInstanceUIDs: string[]; title: string }, createdBy?: string): Promise<SessionCreated> {
    const sessionId = randomUUID();
    const joinToken = newToken();
    const hostToken = newToken();
    await this.db.insert(sessions).values({
      id: sessionId,
      title: input.title,
      studyInstanceUIDs: input.studyInstanceUIDs,
      joinTokenSha256: sha256(joinToken),
      hostTokenSha256: sha256(hostToken),
      createdBy: createdBy ?? null,
    });
    return { sessionId, title: input.title, studyInstanceUIDs: input.studyInstanceUIDs, joinToken, hostToken };
  }

  async find(sessionId: string): Promise<SessionRecord | undefined> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, sessionId));
    return row && { sessionId: row.id, title: row.title, studyInstanceUIDs: row.studyInstanceUIDs };
  }

  /**
   * The role a token grants in a session: host (the host token, or the link in
   * the hands of the account that started the session), the asked-for role, or none.
   */
  async authorise(
    sessionId: string,
    token: string,
    asked: Exclude<ParticipantRole, 'host'>,
    account?: string,
  ): Promise<{ session: SessionRecord; role: ParticipantRole } | 'not-found' | 'unauthorised'> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!row) return 'not-found';
    const digest = sha256(token);
    const session = { sessionId: row.id, title: row.title, studyInstanceUIDs: row.studyInstanceUIDs };
    if (sameDigest(digest, row.hostTokenSha256)) return { session, role: 'host' };
    if (sameDigest(digest, row.joinTokenSha256)) return { session, role: account !== undefined && account === row.createdBy ? 'host' : asked };
    return 'unauthorised';
  }
}
