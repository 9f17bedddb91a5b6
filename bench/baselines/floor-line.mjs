// The floor receiver's work on one request's body: JSON.parse it, and make its NDJSON record
// (receivedAt, method, path, headers, the base64 body, the parsed body). One module, so the floor
// receiver and the in-process comparison (bench/pipeline.mjs) do the very same work.
export function floorLine({ method, url, headers }, raw) {
  let body = null;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {}
  return `${JSON.stringify({ receivedAt: new Date().toISOString(), method, path: url, headers, bodyBase64: raw.toString('base64'), body })}\n`;
}
