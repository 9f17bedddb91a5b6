// Capture records as `whk listen --save` writes them: one to feed validate or replay, and the
// records of a capture file a test's receiver wrote.
import { readFile } from 'node:fs/promises';
import type { CaptureRecord } from '../../src/capture/record.js';

/** The records of a capture file, one per line, in the order they were written. */
export async function readCaptures(file: string): Promise<CaptureRecord[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CaptureRecord);
}

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
