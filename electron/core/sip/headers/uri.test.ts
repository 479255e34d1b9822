import { describe, expect, it } from 'vitest';
import { parseUri } from './uri.ts';

describe('URIs', () => {
  it('splits a SIP URI into user, host, port and params, dropping the password and headers', () => {
    expect(parseUri('sips:alice:secret@atlanta.example.com:5061;transport=tls;lr?subject=project')).toEqual({
      scheme: 'sips',
      user: 'alice',
      host: 'atlanta.example.com',
      port: 5061,
      params: { transport: 'tls', lr: '' },
    });
  });

  it('reads a URI without user part and one with an IPv6 host', () => {
    expect(parseUri('sip:127.0.0.1:5060')).toEqual({ scheme: 'sip', host: '127.0.0.1', port: 5060, params: {} });
    expect(parseUri('sip:[::1]')).toEqual({ scheme: 'sip', host: '::1', params: {} });
  });

  it('reads a tel URI number and its params', () => {
    expect(parseUri('tel:+1-201-555-0123;ext=99')).toEqual({
      scheme: 'tel',
      user: '+1-201-555-0123',
      params: { ext: '99' },
    });
  });

  it('returns null without a scheme', () => {
    expect(parseUri('alice@example.com')).toBeNull();
    expect(parseUri(':x')).toBeNull();
  });
});
