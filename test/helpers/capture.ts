// A capture record as `whk listen --save` writes it, for tests that feed capture files to validate.
import type { CaptureRecord } from '../../src/capture/record.js';

export function captureRecord(body: unknown, overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    receivedAt: '2026-01-05T10:00:00.000Z',
    method: 'POST',
    path: '/hook',
    query: {},
    headers: { 'content-type': 'application/json' },
    bodyBase64: Buffer.from(body === null ? 'not json' : JSON.stringify(body)).toString('base64'),
    body,
    encoding: 'identity',
    truncated: false,
    kind: null,
    valid: true,
    issues: [],
    warnings: [],
    status: 200,
    ...overrides,
  };
}
