import type { AuditSink } from '../audit/AuditTrail.js';
import { StoreAudit, audited, rejectedAssociationRecord } from '../audit/dimseAudit.js';
import type { DimseConfig } from '../config.js';
import type { Db } from '../db/openDatabase.js';
import type { IngestContext } from '../ingest/ingestInstance.js';
import type { Logger } from '../logger.js';
import { DimseServer } from './DimseServer.js';
import { CommandField } from './message/commandSet.js';
import { commitmentHandler } from './scp/commitment.js';
import { handleEcho } from './scp/echo.js';
import { findHandler } from './scp/find.js';
import { getHandler } from './scp/get.js';
import { moveHandler } from './scp/move.js';
import { storeDatasetSinks, storeHandler } from './scp/store.js';
import { worklistHandler } from './scp/worklist.js';

/** The DIMSE services, each a thin translation onto ingest, query and retrieve. */
export function createDimseServer(config: DimseConfig, deps: { db: Db; ingest: IngestContext; logger: Logger; audit: AuditSink }): DimseServer {
  // Every service that reads or stores patient data leaves an audit record; refused callers a security alert.
  const find = audited(findHandler(deps.db, config.aeTitle), deps.audit, 'C-FIND');
  const worklist = audited(worklistHandler(deps.db), deps.audit, 'C-FIND');
  const stores = new StoreAudit(deps.audit);
  return new DimseServer(
    config,
    {
      [CommandField.C_ECHO_RQ]: handleEcho,
      [CommandField.C_STORE_RQ]: storeHandler(deps.ingest, (association, outcome) => stores.stored(association, outcome)),
      // Q/R and Modality Worklist share C-FIND-RQ; the presentation context's service tells them apart.
      [CommandField.C_FIND_RQ]: (message, association) => (message.context.service === 'worklist' ? worklist : find)(message, association),
      [CommandField.C_MOVE_RQ]: audited(moveHandler({ db: deps.db, blobs: deps.ingest.blobs }, config), deps.audit, 'C-MOVE'),
      [CommandField.C_GET_RQ]: audited(getHandler({ db: deps.db, blobs: deps.ingest.blobs }), deps.audit, 'C-GET'),
      [CommandField.N_ACTION_RQ]: commitmentHandler({ db: deps.db }, config),
    },
    deps.logger.child({ module: 'dimse' }),
    (association) => storeDatasetSinks(deps.ingest.blobs, association),
    (info, reason) => deps.audit.record(rejectedAssociationRecord(info, reason)),
  );
}
