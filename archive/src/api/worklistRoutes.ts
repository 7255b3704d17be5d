import { STUDY_MANAGERS, requireRole } from '../access/requireRole.js';
import type { FastifyInstance } from 'fastify';
import { Tag } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { createScheduledStep } from '../worklist/createScheduledStep.js';
import { findScheduledSteps } from '../worklist/findScheduledSteps.js';
import { type WorklistParams, parseWorklistParams } from '../worklist/parseWorklistParams.js';

const DICOM_JSON = 'application/dicom+json';
/** The Warning a truncated list carries, as QIDO-RS does (PS3.18 8.3.4.2). */
const TRUNCATED_WARNING = '299 consilium "The number of results exceeded the maximum supported by the server."';

/**
 * The worklist API for the ordering side: POST /api/worklist schedules a step
 * (body: DICOM keywords, see ScheduledStepInputSchema; 201 with the step as an
 * MWL item in DICOM JSON), GET /api/worklist lists steps as MWL items, filtered
 * by C-FIND matching keys given as query parameters. Errors go through the
 * server's one error handler (problem+json). Logs carry UIDs and step IDs only.
 */
export function registerWorklistRoutes(app: FastifyInstance, db: Db): void {
  app.post('/api/worklist', { onRequest: requireRole(STUDY_MANAGERS, 'Scheduling procedure steps') }, async (request, reply) => {
    const result = await createScheduledStep(db, request.body);
    if (!result.ok) throw result.error;
    const item = result.value;
    const stepItem = item[Tag.ScheduledProcedureStepSequence]?.Value?.[0] as Record<string, { Value?: unknown[] }> | undefined;
    request.log.info(
      {
        studyInstanceUid: item[Tag.StudyInstanceUID]?.Value?.[0],
        scheduledProcedureStepId: stepItem?.[Tag.ScheduledProcedureStepID]?.Value?.[0],
        scheduledStationAeTitle: stepItem?.[Tag.ScheduledStationAETitle]?.Value?.[0],
      },
      'scheduled procedure step created',
    );
    return reply.status(201).type(DICOM_JSON).send(JSON.stringify(item));
  });

  app.get('/api/worklist', async (request, reply) => {
    const query = parseWorklistParams(request.query as WorklistParams);
    const { items, truncated } = await findScheduledSteps(db, query);
    if (truncated) void reply.header('Warning', TRUNCATED_WARNING);
    return reply.type(DICOM_JSON).send(JSON.stringify(items));
  });
}
