import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { AppError, ErrorCode, Tag } from '@consilium/shared';
import type { Db } from '../../db/openDatabase.js';
import { findScheduledSteps } from '../../worklist/findScheduledSteps.js';
import { type ReturnKey, parseWorklistIdentifier } from '../../worklist/parseWorklistIdentifier.js';
import { sortedByTag } from '../../worklist/toWorklistItem.js';
import { CommandField } from '../message/commandSet.js';
import { decodeDataset, encodeDataset } from '../message/dataset.js';
import type { ServiceHandler } from '../ScpAssociation.js';

/** C-FIND statuses of the MWL SOP class (PS3.4 Table K.4-1). */
const PENDING = 0xff00;
/** Pending, with a warning that one or more optional keys were not supported. */
const PENDING_KEYS_UNSUPPORTED = 0xff01;
const CANCELLED = 0xfe00;
const SUCCESS = 0x0000;
const UNABLE_TO_PROCESS = 0xc000;

/**
 * Modality Worklist Information Model FIND SCP (PS3.4 K.4.1,
 * 1.2.840.10008.5.1.4.31): the identifier becomes a worklist query, each
 * matching step goes back as a pending response holding the requested keys
 * (FF01 when some matching keys could not be used), then a final success, or
 * cancel once a C-CANCEL arrived (K.4.1.3.3).
 */
export function worklistHandler(db: Db): ServiceHandler {
  return async ({ context, command, dataset }, association) => {
    const respond = (status: number, identifier?: Buffer, errorComment?: string) =>
      association.send(
        context.id,
        {
          commandField: CommandField.C_FIND_RSP,
          messageIdBeingRespondedTo: command.messageId,
          affectedSopClassUid: context.abstractSyntax,
          hasDataset: identifier !== undefined,
          status,
          ...(errorComment ? { errorComment: errorComment.slice(0, 64) } : {}),
        },
        identifier,
      );
    if (!dataset) return respond(UNABLE_TO_PROCESS, undefined, 'C-FIND without identifier');
    let request;
    try {
      request = parseWorklistIdentifier(decodeDataset(dataset, context.transferSyntax));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      association.logger.info({ reason: error.message }, 'MWL C-FIND identifier refused');
      return respond(ErrorCode[error.code].dimse, undefined, error.message);
    }
    const { items, truncated } = await findScheduledSteps(db, request.query);
    const pending = request.unsupportedKeys.length > 0 ? PENDING_KEYS_UNSUPPORTED : PENDING;
    for (const item of items) {
      if (command.messageId !== undefined && association.isCancelled(command.messageId)) return respond(CANCELLED);
      await respond(pending, encodeDataset(worklistResponse(item, request.returnKeys), context.transferSyntax));
    }
    association.logger.info(
      { matches: items.length, truncated, unsupportedKeys: request.unsupportedKeys },
      'MWL C-FIND done',
    );
    return respond(SUCCESS);
  };
}

/**
 * The requested keys with the values of a worklist item (PS3.4 K.6.1.2.2): a
 * key the item has no value for comes back empty, a requested sequence with the
 * requested keys of its items (all of them when it was asked for empty). Text
 * goes out as UTF-8, so SpecificCharacterSet is always set.
 */
export function worklistResponse(item: DicomJsonDict, returnKeys: readonly ReturnKey[]): DicomJsonDict {
  const out = pick(item, returnKeys);
  out[Tag.SpecificCharacterSet] = { vr: 'CS', Value: ['ISO_IR 192'] };
  return sortedByTag(out);
}

function pick(source: DicomJsonDict, keys: readonly ReturnKey[]): DicomJsonDict {
  const out: DicomJsonDict = {};
  for (const key of keys) out[key.tag] = pickElement(source[key.tag], key);
  return out;
}

function pickElement(element: DicomJsonElement | undefined, key: ReturnKey): DicomJsonElement {
  if (!element) return { vr: key.vr };
  if (key.items === undefined || key.items === 'all' || element.vr !== 'SQ') return element;
  const requested = key.items;
  const items = (element.Value ?? []) as DicomJsonDict[];
  return { vr: 'SQ', Value: items.map((item) => sortedByTag(pick(item, requested))) };
}
