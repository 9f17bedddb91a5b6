// --forward-to the receiver's own address would forward every request to itself: refused. Only the
// addresses the receiver is bound to are its own; another address on the same port is another app's.
import { describe, expect, it } from 'vitest';
import { isOwnAddress } from '../../src/receiver/forward.js';

const LOCAL = ['127.0.0.1', '::1', '192.168.1.20', 'fe80::1'];
const at = (address: string, family = address.includes(':') ? 'IPv6' : 'IPv4') => ({ address, family, port: 47338 });
const own = (url: string, address: string, family?: string): boolean => isOwnAddress(url, at(address, family), LOCAL);

describe('isOwnAddress', () => {
  it('bound to one loopback address: that address and localhost are its own, another loopback address is not', () => {
    expect(own('http://127.0.0.1:47338/', '127.0.0.1')).toBe(true);
    expect(own('http://127.1:47338/', '127.0.0.1')).toBe(true);
    expect(own('http://localhost:47338/hook', '127.0.0.1')).toBe(true);
    expect(own('http://127.0.0.2:47338/', '127.0.0.1')).toBe(false);
    expect(own('http://[::1]:47338/', '127.0.0.1')).toBe(false);
    expect(own('http://127.0.0.1:47339/', '127.0.0.1')).toBe(false);
    expect(own('http://[::1]:47338/', '::1')).toBe(true);
    expect(own('http://127.0.0.1:47338/', '::1')).toBe(false);
  });

  it('bound to another address: only that one', () => {
    expect(own('http://192.168.1.20:47338/', '192.168.1.20')).toBe(true);
    expect(own('http://127.0.0.1:47338/', '192.168.1.20')).toBe(false);
    expect(own('http://localhost:47338/', '192.168.1.20')).toBe(false);
  });

  it('bound to 0.0.0.0: any IPv4 address of the machine on that port, loopback ones included', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '0.0.0.0', '192.168.1.20']) expect(own(`http://${host}:47338/`, '0.0.0.0')).toBe(true);
    expect(own('http://[::1]:47338/', '0.0.0.0')).toBe(false);
    expect(own('http://10.9.9.9:47338/', '0.0.0.0')).toBe(false);
  });

  it('bound to :: (dual-stack): any address of the machine on that port', () => {
    for (const host of ['127.0.0.2', '[::1]', '[fe80::1]', '192.168.1.20', '[::]', 'localhost']) expect(own(`http://${host}:47338/`, '::')).toBe(true);
    expect(own('http://10.9.9.9:47338/', '::')).toBe(false);
  });
});
