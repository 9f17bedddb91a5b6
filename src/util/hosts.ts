// What a host name or address reaches: this machine only (loopback), or every interface (a wildcard
// bind). One reading for the inspector's allowed Host names, forward's own-address check and the
// --host warning.

/** localhost, ::1 and 127.0.0.0/8. */
export function isLoopback(host: string): boolean {
  const name = unbracketed(host);
  return name === 'localhost' || name === '::1' || name.startsWith('127.');
}

const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);

/** An address that binds every interface of the machine, not only the loopback. */
export function isEveryInterface(host: string): boolean {
  return EVERY_INTERFACE.has(unbracketed(host));
}

function unbracketed(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '');
}
