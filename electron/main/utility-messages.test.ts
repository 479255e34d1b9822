import { describe, expect, it } from 'vitest';
import type { UtilityToMain } from '../host/utility.ts';
import {
  MAX_NOTIFY_BODY_CHARS,
  MAX_NOTIFY_TITLE_CHARS,
  parseUtilityMessage,
  type UtilityMessage,
} from './utility-messages.ts';

// Compile-time: what the utility entry sends is exactly what main parses (tsc -b fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const protocolsAgree: Same<UtilityToMain, UtilityMessage> = true;
void protocolsAgree;

describe('parseUtilityMessage', () => {
  it('reads ready, notify and fatal messages', () => {
    expect(parseUtilityMessage({ type: 'ready', version: '0.1.0' })).toEqual({ type: 'ready', version: '0.1.0' });
    expect(parseUtilityMessage({ type: 'notify', title: 'Queue', body: '5 waiting', severity: 'warning' })).toEqual({
      type: 'notify',
      title: 'Queue',
      body: '5 waiting',
      severity: 'warning',
    });
    expect(parseUtilityMessage({ type: 'fatal', message: 'EACCES data dir' })).toEqual({
      type: 'fatal',
      message: 'EACCES data dir',
    });
  });

  it('rejects unknown types, missing fields and wrong field types', () => {
    for (const raw of [
      null,
      'ready',
      { type: 'connect', client: 'main' },
      { type: 'ready' },
      { type: 'ready', version: 1 },
      { type: 'notify', title: 'x', body: 'y' },
      { type: 'notify', title: 'x', body: 2, severity: 'info' },
      { type: 'notify', title: 'x', body: 'y', severity: 'debug' },
      { type: 'fatal' },
    ]) {
      expect(parseUtilityMessage(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('cuts runaway notification text to the display limits', () => {
    const message = parseUtilityMessage({
      type: 'notify',
      title: 't'.repeat(5000),
      body: 'b'.repeat(50_000),
      severity: 'info',
    });
    expect(message).toMatchObject({ type: 'notify' });
    if (message?.type !== 'notify') return;
    expect(message.title).toHaveLength(MAX_NOTIFY_TITLE_CHARS);
    expect(message.body).toHaveLength(MAX_NOTIFY_BODY_CHARS);
  });
});
