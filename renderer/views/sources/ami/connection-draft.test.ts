import { describe, expect, it } from 'vitest';
import { amiConnection } from '../../../testing/fake-ami.ts';
import { draftFrom, newDraft, saveParams, testParams, validateDraft, withTls } from './connection-draft.ts';

describe('connection draft', () => {
  it('gives a new PBX the first colour no other PBX uses', () => {
    expect(newDraft(['#4f8cff', '#f59e0b']).color).toBe('#10b981');
  });

  it('starts an edit without any secret and keeps the stored one when none is typed', () => {
    const draft = draftFrom(amiConnection({ hasSecret: true }));
    expect(draft.secret).toBe('');
    expect(validateDraft(draft, true)).toEqual({});
    expect('secret' in saveParams(draft, 'pbx-a')).toBe(false);
    expect(validateDraft(draft, false).secret).toBeDefined();
  });

  it('switches between 5038 and 5039 with TLS unless the port was changed by hand', () => {
    const plain = newDraft();
    expect(withTls(plain, true).port).toBe('5039');
    expect(withTls(withTls(plain, true), false).port).toBe('5038');
    expect(withTls({ ...plain, port: '15038' }, true).port).toBe('15038');
  });

  it('names what is wrong with each field', () => {
    const errors = validateDraft({ ...newDraft(), host: 'pbx example', port: '70000' }, false);
    expect(Object.keys(errors).sort()).toEqual(['host', 'name', 'port', 'secret', 'username']);
  });

  it('tests a saved connection with its stored secret when none is typed', () => {
    expect(testParams(draftFrom(amiConnection()), 'pbx-a')).toEqual({
      id: 'pbx-a',
      host: '192.0.2.10',
      port: 5038,
      username: 'pbxscope',
      tls: false,
      tlsVerify: true,
    });
  });
});
