import { describe, expect, it } from 'vitest';
import { ev } from '../model/test-events.ts';
import { addressIp, amiEventWrite, securityEventWrite, shouldStoreAmiEvent } from './rows.ts';
import { AMI_WRITE_KINDS } from './write-kinds.ts';

describe('AMI rows', () => {
  it('every AMI write kind has exactly one placeholder per column', () => {
    for (const [name, def] of Object.entries(AMI_WRITE_KINDS)) {
      expect({ name, placeholders: def.sql.split('?').length - 1 }).toEqual({ name, placeholders: def.columns.length });
    }
  });

  it('indexes an event by uniqueid, linkedid, queue and interface (Location for list items)', () => {
    const row = amiEventWrite(
      'pbx1',
      ev('QueueMember', { Queue: 'sales', Name: 'Frank', Location: 'Local/202@agents/n' }),
      5,
    );
    expect(row).toEqual({
      pbx: 'pbx1',
      ts: 5,
      name: 'QueueMember',
      uniqueid: null,
      linkedid: null,
      queue: 'sales',
      interface: 'Local/202@agents/n',
      fields: '[["Event","QueueMember"],["Queue","sales"],["Name","Frank"],["Location","Local/202@agents/n"]]',
    });
  });

  it('does not store VarSet or RTCP reports, nor responses', () => {
    expect(shouldStoreAmiEvent(ev('VarSet'))).toBe(false);
    expect(shouldStoreAmiEvent(ev('RTCPSent'))).toBe(false);
    expect(shouldStoreAmiEvent(ev('Newexten'))).toBe(true);
    expect(shouldStoreAmiEvent({ kind: 'response', name: 'Success', fields: [] })).toBe(false);
  });

  it('makes a security row only for security-class events', () => {
    expect(securityEventWrite('pbx1', ev('Hangup'), 1)).toBeNull();
    const row = securityEventWrite(
      'pbx1',
      ev('InvalidPassword', {
        Severity: 'Error',
        Service: 'PJSIP',
        AccountID: 'alice',
        SessionID: 'abc',
        LocalAddress: 'IPV4/UDP/127.0.0.1/5062',
        RemoteAddress: 'IPV6/UDP/2001:db8::7/5070',
      }),
      9,
    );
    expect(row).toEqual({
      pbx: 'pbx1',
      ts: 9,
      name: 'InvalidPassword',
      severity: 'Error',
      service: 'PJSIP',
      account_id: 'alice',
      remote_address: 'IPV6/UDP/2001:db8::7/5070',
      remote_ip: '2001:db8::7',
      local_address: 'IPV4/UDP/127.0.0.1/5062',
      session_id: 'abc',
    });
  });

  it('takes the address out of an AMI security address and rejects anything else', () => {
    expect(addressIp('IPV4/TCP/203.0.113.5/5038')).toBe('203.0.113.5');
    expect(addressIp('garbage')).toBeNull();
  });
});
