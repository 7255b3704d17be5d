import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestLog, createTestLogger } from '../bus/createTestLogger.js';
import { hasDcmtk, runDcmtk } from '../testing/dcmtk.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';

const KNOWN_AES = JSON.stringify([
  { aeTitle: 'KNOWN_SCU', host: '127.0.0.1', port: 11113, services: ['echo', 'store', 'find'] },
  // Never contacted: the archive only compares the caller's address with it.
  { aeTitle: 'REMOTE_SCU', host: '10.255.255.1', port: 11113, services: ['echo', 'store', 'find'] },
  { aeTitle: 'NO_FIND_SCU', host: '127.0.0.1', port: 11113, services: ['echo', 'store'] },
]);

/** Log lines (raw JSON) that mention `aeTitle` as a JSON string value. */
const linesOf = (log: TestLog, aeTitle: string): string[] => log.lines.filter((line) => line.includes(`"${aeTitle}"`));

/**
 * Who may associate (PS3.8 7.1.1.7 and 9.3.4, PS3.7 D.3.3): the called AE title
 * must be the archive's, the caller a known AE from its configured host unless
 * DIMSE_ACCEPT_UNKNOWN is set, and each presentation context must belong to a
 * service the caller may use. Every refusal is logged.
 */
describe.skipIf(!hasDcmtk())('DIMSE association policy', () => {
  describe.each(testBackends())('on %s', (backend) => {
    describe('with unknown callers refused', () => {
      let t: TestArchive;
      let log: TestLog;
      const echo = (calling: string, called = 'CONSILIUM') => runDcmtk('echoscu', ['-v', '-aet', calling, '-aec', called, '127.0.0.1', String(t.dimsePort)]);

      beforeAll(async () => {
        log = createTestLogger();
        t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'false', DIMSE_KNOWN_AES: KNOWN_AES }, log.logger);
      });
      afterAll(async () => t?.close());

      it('accepts a known AE from its host', async () => {
        const run = await echo('KNOWN_SCU');
        expect(run.code).toBe(0);
        expect(run.output).toMatch(/Association Accepted/);
        expect(run.output).toMatch(/Received Echo Response \(Success\)/);
      });

      it('rejects an unknown calling AE title with A-ASSOCIATE-RJ, and logs it', async () => {
        const run = await echo('STRANGER');
        expect(run.code).not.toBe(0);
        expect(run.output).toMatch(/Association Rejected/);
        expect(run.output).toMatch(/Result: Rejected Permanent, Source: Service User/);
        expect(run.output).toMatch(/Reason: Calling AE Title Not Recognized/);
        expect(run.output).not.toMatch(/Echo Response/);
        expect(linesOf(log, 'STRANGER').filter((l) => /association rejected/.test(l) && /calling AE title not recognised/.test(l))).toHaveLength(1);
      });

      it('rejects a known AE title calling from another host, and logs it', async () => {
        const run = await echo('REMOTE_SCU');
        expect(run.code).not.toBe(0);
        expect(run.output).toMatch(/Association Rejected/);
        expect(run.output).toMatch(/Reason: Calling AE Title Not Recognized/);
        expect(linesOf(log, 'REMOTE_SCU').filter((l) => /association rejected/.test(l))).toHaveLength(1);
      });

      it('rejects a wrong called AE title, and logs it', async () => {
        const run = await echo('KNOWN_SCU', 'NOT_CONSILIUM');
        expect(run.code).not.toBe(0);
        expect(run.output).toMatch(/Association Rejected/);
        expect(run.output).toMatch(/Reason: Called AE Title Not Recognized/);
        expect(log.lines.filter((l) => /association rejected/.test(l) && /called AE title not recognised/.test(l))).toHaveLength(1);
      });

      it('rejects the FIND context of a known AE without the find service, but serves its echo', async () => {
        const find = await runDcmtk('findscu', ['-d', '-S', '-aet', 'NO_FIND_SCU', '-aec', 'CONSILIUM', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyInstanceUID', '127.0.0.1', String(t.dimsePort)]);
        expect(find.code).not.toBe(0);
        expect(find.output).toMatch(/No Acceptable Presentation Contexts/);
        // DCMTK's debug dump of the A-ASSOCIATE-AC: result 3 for the one context proposed.
        expect(find.output).toMatch(/Context ID:\s+1 \(Abstract Syntax Not Supported\)/);
        expect(find.output).not.toMatch(/Find Response/);
        // The association itself was accepted with none of the proposed contexts.
        const accepted = linesOf(log, 'NO_FIND_SCU')
          .map((l) => JSON.parse(l) as { msg: string; contexts?: number; proposed?: number; rejectedContexts?: unknown })
          .filter((r) => /association accepted/.test(r.msg));
        expect(accepted).toHaveLength(1);
        expect(accepted[0]?.contexts).toBe(0);
        expect(accepted[0]?.proposed).toBeGreaterThan(0);

        const echo = await runDcmtk('echoscu', ['-v', '-aet', 'NO_FIND_SCU', '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort)]);
        expect(echo.code).toBe(0);
        expect(echo.output).toMatch(/Received Echo Response \(Success\)/);
      });
    });

    describe('with unknown callers accepted', () => {
      let t: TestArchive;

      beforeAll(async () => {
        t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'true', DIMSE_KNOWN_AES: KNOWN_AES });
      });
      afterAll(async () => t?.close());

      it('accepts an unknown calling AE for every service', async () => {
        const echo = await runDcmtk('echoscu', ['-v', '-aet', 'STRANGER', '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort)]);
        expect(echo.code).toBe(0);
        expect(echo.output).toMatch(/Received Echo Response \(Success\)/);
        const find = await runDcmtk('findscu', ['-v', '-S', '-aet', 'STRANGER', '-aec', 'CONSILIUM', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyInstanceUID', '127.0.0.1', String(t.dimsePort)]);
        expect(find.code).toBe(0);
        expect(find.output).toMatch(/Received Final Find Response \(Success\)/);
      });

      it('still applies the service list of a known AE', async () => {
        const find = await runDcmtk('findscu', ['-v', '-S', '-aet', 'NO_FIND_SCU', '-aec', 'CONSILIUM', '-k', 'QueryRetrieveLevel=STUDY', '127.0.0.1', String(t.dimsePort)]);
        expect(find.output).toMatch(/No Acceptable Presentation Contexts/);
      });

      it('still refuses a wrong called AE title', async () => {
        const run = await runDcmtk('echoscu', ['-v', '-aet', 'STRANGER', '-aec', 'SOMEONE_ELSE', '127.0.0.1', String(t.dimsePort)]);
        expect(run.code).not.toBe(0);
        expect(run.output).toMatch(/Reason: Called AE Title Not Recognized/);
      });
    });
  });
});
