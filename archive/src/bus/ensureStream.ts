import {
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { millis, nanos } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';

export interface StreamSpec {
  name: string;
  /** The one subject filter the stream captures, e.g. `archive.>`. */
  subjects: string;
  maxAgeMs: number;
}

/**
 * Makes sure the JetStream stream that stores archive events exists, with file
 * storage so events survive a NATS restart and a max age so it does not grow
 * without bound. An existing stream is kept (other processes may use it); only
 * its max age is brought in line with the configuration. Called at every connect,
 * so it must be idempotent and safe against a concurrent creator.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, log: Logger): Promise<void> {
  const existing = await jsm.streams.info(spec.name).catch((error: unknown) => {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  });
  if (existing === undefined) {
    try {
      await jsm.streams.add({
        name: spec.name,
        subjects: [spec.subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos(spec.maxAgeMs),
      });
      log.info({ stream: spec.name, subjects: spec.subjects, maxAgeMs: spec.maxAgeMs }, 'created NATS stream');
    } catch (error) {
      // Identical concurrent creation succeeds; anything else (e.g. another stream
      // already captures these subjects) is a deployment problem worth a clear message.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot create NATS stream ${spec.name} for ${spec.subjects}: ${reason}`, { cause: error });
    }
    return;
  }
  if (!existing.config.subjects.includes(spec.subjects)) {
    throw new Error(
      `NATS stream ${spec.name} exists but captures ${existing.config.subjects.join(', ')} ` +
        `instead of ${spec.subjects}`,
    );
  }
  if (existing.config.max_age !== nanos(spec.maxAgeMs)) {
    await jsm.streams.update(spec.name, { ...existing.config, max_age: nanos(spec.maxAgeMs) });
    log.info(
      { stream: spec.name, fromMaxAgeMs: millis(existing.config.max_age), maxAgeMs: spec.maxAgeMs },
      'updated NATS stream max age',
    );
  }
}

export function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
