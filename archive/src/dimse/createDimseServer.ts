import type { DimseConfig } from '../config.js';
import type { Db } from '../db/openDatabase.js';
import type { IngestContext } from '../ingest/ingestInstance.js';
import type { Logger } from '../logger.js';
import { DimseServer } from './DimseServer.js';
import { CommandField } from './message/commandSet.js';
import { handleEcho } from './scp/echo.js';
import { findHandler } from './scp/find.js';
import { storeHandler } from './scp/store.js';

/** The DIMSE services, each a thin translation onto ingest and query. */
export function createDimseServer(config: DimseConfig, deps: { db: Db; ingest: IngestContext; logger: Logger }): DimseServer {
  return new DimseServer(
    config,
    {
      [CommandField.C_ECHO_RQ]: handleEcho,
      [CommandField.C_STORE_RQ]: storeHandler(deps.ingest),
      [CommandField.C_FIND_RQ]: findHandler(deps.db, config.aeTitle),
    },
    deps.logger.child({ module: 'dimse' }),
  );
}
