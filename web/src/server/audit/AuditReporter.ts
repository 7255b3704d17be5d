import type { AuditRecord } from '@consilium/shared';

/** An audit record as the web server writes it (source and time are filled in). */
export type WebAuditRecord = Omit<AuditRecord, 'source' | 'at' | 'patientIds' | 'studyInstanceUIDs'> &
  Partial<Pick<AuditRecord, 'patientIds' | 'studyInstanceUIDs'>>;

export interface AuditReporterOptions {
  /** The archive's base URL (its POST /api/audit/events keeps the one audit trail). */
  archiveUrl: string;
  /** The web server's own service token. */
  token: () => Promise<string>;
  /** Told when records could not be delivered (never their content). */
  onError?: (message: string) => void;
  /** How long records gather before one request carries them. */
  batchMs?: number;
}

const MAX_QUEUED = 10_000;
const MAX_BATCH = 500;

/**
 * Sends the web server's audit records (sign-ins, share links) to the
 * archive's audit trail in small batches, in the background: a request never
 * waits for it. Records that cannot be delivered are retried with the next
 * batch; past MAX_QUEUED the oldest are dropped and that is reported.
 */
export class AuditReporter {
  private queue: AuditRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;

  constructor(private readonly o: AuditReporterOptions) {}

  record(record: WebAuditRecord, at = new Date()): void {
    this.queue.push({ patientIds: [], studyInstanceUIDs: [], ...record, source: 'web', at: at.toISOString() });
    if (this.queue.length > MAX_QUEUED) {
      this.queue.splice(0, this.queue.length - MAX_QUEUED);
      this.o.onError?.('audit queue full: the oldest web audit records were dropped');
    }
    this.timer ??= setTimeout(() => void this.flush(), this.o.batchMs ?? 200);
  }

  /** Sends what is queued now; resolves when it was delivered or failed. */
  async flush(): Promise<void> {
    this.timer = undefined;
    await this.sending;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.sending = this.send(batch).finally(() => {
      this.sending = undefined;
    });
    await this.sending;
    if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.o.batchMs ?? 200);
  }

  private async send(batch: AuditRecord[]): Promise<void> {
    try {
      const response = await fetch(`${this.o.archiveUrl}/api/audit/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.o.token()}` },
        body: JSON.stringify({ records: batch }),
      });
      if (response.status === 202) return;
      // A refused batch (400) would be refused again: report it rather than loop.
      this.o.onError?.(`the archive refused ${batch.length} web audit records: HTTP ${response.status}`);
      if (response.status >= 500) this.queue.unshift(...batch);
    } catch {
      this.o.onError?.(`the archive could not be reached with ${batch.length} web audit records; retrying`);
      this.queue.unshift(...batch);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}
