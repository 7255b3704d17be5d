import { describe, expect, it } from 'vitest';
import { serializeError } from './logger.js';

describe('serializeError', () => {
  it("drops a failed statement's parameters, keeps the statement and the database's reason", () => {
    const error = new Error('Failed query: insert into "patients" ("patient_name") values ($1)\nparams: DOE^JANE', {
      cause: Object.assign(new Error('value too long'), { code: '22001' }),
    });
    const out = serializeError(error);
    expect(JSON.stringify(out)).not.toContain('DOE');
    expect(out).toMatchObject({ message: 'Failed query: insert into "patients" ("patient_name") values ($1)\nparams: [redacted]', cause: { code: '22001', message: 'value too long' } });
  });

  it('leaves other errors as pino writes them', () => {
    expect(serializeError(new Error('disk full'))).toMatchObject({ type: 'Error', message: 'disk full' });
  });
});
