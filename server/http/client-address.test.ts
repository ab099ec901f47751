import { describe, expect, it } from 'vitest';
import { isAddressPattern, TrustedProxies, UNKNOWN_ADDRESS } from './client-address.js';

describe('client address', () => {
  it('uses the peer, ignoring X-Forwarded-For, when the peer is not a trusted proxy', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8']);
    expect(proxies.clientAddress('203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(proxies.clientAddress('::ffff:203.0.113.5', undefined)).toBe('203.0.113.5');
    expect(proxies.clientAddress(undefined, '198.51.100.1')).toBe(UNKNOWN_ADDRESS);
  });

  it('takes the rightmost untrusted hop behind trusted proxies', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', '::1', 'fd00::/8']);
    expect(proxies.clientAddress('10.1.2.3', '1.1.1.1, 198.51.100.7, 10.4.4.4')).toBe('198.51.100.7');
    expect(proxies.clientAddress('::1', '[2001:db8::9]:443')).toBe('2001:db8::9');
    expect(proxies.clientAddress('fd00::5', '198.51.100.7:5555')).toBe('198.51.100.7');
    // Garbage in the header: the proxy itself is the address (the client cannot choose a bucket).
    expect(proxies.clientAddress('10.1.2.3', 'not-an-ip')).toBe('10.1.2.3');
  });

  it('matches CIDR ranges and exact addresses, IPv4 and IPv6', () => {
    const proxies = new TrustedProxies(['192.168.1.0/24', '2001:db8::/32', '127.0.0.1']);
    expect(proxies.has('192.168.1.200')).toBe(true);
    expect(proxies.has('192.168.2.1')).toBe(false);
    expect(proxies.has('2001:db8:ffff::1')).toBe(true);
    expect(proxies.has('2001:db9::1')).toBe(false);
    expect(proxies.has('::ffff:127.0.0.1')).toBe(true);
    expect(proxies.has('127.0.0.2')).toBe(false);
  });

  it('accepts only addresses and ranges as patterns', () => {
    for (const ok of ['10.0.0.0/8', '::1', 'fe80::/10', '1.2.3.4']) expect(isAddressPattern(ok)).toBe(true);
    for (const bad of ['10.0.0.0/33', 'example.com', '1.2.3.4/x', '::1/129', '1.2.3.4/8/8', ''])
      expect(isAddressPattern(bad)).toBe(false);
  });
});
