import type { DicomJsonDict } from 'dcmjs';
import { AppError, ErrorCode, SopClass, Tag } from '@consilium/shared';
import { studyAccessOfAe } from '../../access/StudyAccess.js';
import type { Db } from '../../db/openDatabase.js';
import { formatQueryResult } from '../../query/formatQueryResult.js';
import { type InformationModel, parseFindIdentifier } from '../../query/parseFindIdentifier.js';
import { runQuery } from '../../query/runQuery.js';
import { CommandField } from '../message/commandSet.js';
import { decodeDataset, encodeDataset } from '../message/dataset.js';
import type { ServiceHandler } from '../ScpAssociation.js';

const PENDING = 0xff00;
const CANCELLED = 0xfe00;
const SUCCESS = 0x0000;
const UNABLE_TO_PROCESS = 0xc000;

const MODEL_OF: Record<string, InformationModel> = {
  [SopClass.StudyRootQueryRetrieveInformationModelFind]: 'STUDY_ROOT',
  [SopClass.PatientRootQueryRetrieveInformationModelFind]: 'PATIENT_ROOT',
};

/**
 * Query/Retrieve FIND SCP (PS3.4 C.4.1) for the Patient Root and Study Root
 * models: the identifier becomes the same query model QIDO-RS runs, each match
 * goes back as a pending response holding the requested keys, then a final
 * success (or cancel, PS3.4 C.4.1.2.3).
 */
export function findHandler(db: Db, aeTitle: string): ServiceHandler {
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
    const model = MODEL_OF[context.abstractSyntax];
    if (!dataset || !model) return respond(UNABLE_TO_PROCESS, undefined, 'C-FIND without identifier');
    let request;
    try {
      request = parseFindIdentifier(decodeDataset(dataset, context.transferSyntax), model);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      association.logger.info({ reason: error.message }, 'C-FIND identifier refused');
      return respond(ErrorCode[error.code].dimse, undefined, error.message);
    }
    const { rows } = await runQuery(db, request.query, studyAccessOfAe(association.info.peer?.actingFor));
    const results = formatQueryResult(request.query, rows, '');
    for (const result of results) {
      if (command.messageId !== undefined && association.isCancelled(command.messageId)) return respond(CANCELLED);
      const identifier = responseIdentifier(result, request.returnKeys, request.query.level, aeTitle);
      await respond(PENDING, encodeDataset(identifier, context.transferSyntax));
    }
    association.logger.info({ level: request.query.level, matches: results.length }, 'C-FIND done');
    return respond(SUCCESS);
  };
}

/** The requested keys with the values of a match; keys without a value come back empty. */
function responseIdentifier(
  result: DicomJsonDict,
  returnKeys: { tag: string; vr: string }[],
  level: string,
  aeTitle: string,
): DicomJsonDict {
  const out: DicomJsonDict = {
    [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] },
    [Tag.QueryRetrieveLevel]: { vr: 'CS', Value: [level] },
    [Tag.RetrieveAETitle]: { vr: 'AE', Value: [aeTitle] },
  };
  for (const { tag, vr } of returnKeys) {
    if (tag in out) continue;
    out[tag] = result[tag] ?? { vr };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
