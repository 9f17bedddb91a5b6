// A row as the event stream carries it: its values in a fixed order, without the names, so a busy
// receiver streams about half the bytes (the names were most of each row). The server encodes,
// the page decodes; both follow the one tuple type, so the order cannot drift between them.
import type { Row } from '../wire.js';

export type RowTuple = [
  id: Row['id'],
  seq: Row['seq'],
  time: Row['time'],
  method: Row['method'],
  path: Row['path'],
  query: Row['query'],
  kind: Row['kind'],
  event: Row['event'],
  verdict: Row['verdict'],
  issues: Row['issues'],
  status: Row['status'],
  size: Row['size'],
  encoding: Row['encoding'],
  signature: Row['signature'],
  duplicateOf: Row['duplicateOf'],
  unseen: Row['unseen'],
  warnings: Row['warnings'],
];

export function encodeRow(row: Row): RowTuple {
  return [row.id, row.seq, row.time, row.method, row.path, row.query, row.kind, row.event, row.verdict, row.issues, row.status, row.size, row.encoding, row.signature, row.duplicateOf, row.unseen, row.warnings];
}

export function decodeRow([id, seq, time, method, path, query, kind, event, verdict, issues, status, size, encoding, signature, duplicateOf, unseen, warnings]: RowTuple): Row {
  return { id, seq, time, method, path, query, kind, event, verdict, issues, status, size, encoding, signature, duplicateOf, unseen, warnings };
}
