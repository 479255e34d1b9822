import { describe, expect, it } from 'vitest';
import { parseParams, unquote } from './params.ts';
import { splitCommaList } from './comma-list.ts';
import { canonicalHeaderName } from './names.ts';

describe('header parameters', () => {
  it('lowercases names, keeps flags as empty values and unquotes quoted values', () => {
    expect(parseParams(';Tag=AbC;lr;text="a;b, c"', 0)).toEqual({ tag: 'AbC', lr: '', text: 'a;b, c' });
    expect(unquote('"x\\"y"')).toBe('x"y');
  });

  it('returns the shared empty object when there are none', () => {
    expect(parseParams('abc', 3)).toEqual({});
  });
});

describe('comma-separated values', () => {
  it('splits on commas outside quotes and angle brackets', () => {
    expect(splitCommaList('a, "b,c" <x,y>;p , d')).toEqual(['a', '"b,c" <x,y>;p', 'd']);
    expect(splitCommaList('single')).toEqual(['single']);
    expect(splitCommaList(' , a,,')).toEqual(['a']);
  });
});

describe('header names', () => {
  it('maps every compact form to its long name and ignores case', () => {
    const compact: Record<string, string> = {
      i: 'call-id',
      m: 'contact',
      e: 'content-encoding',
      l: 'content-length',
      c: 'content-type',
      f: 'from',
      s: 'subject',
      k: 'supported',
      t: 'to',
      v: 'via',
      o: 'event',
      r: 'refer-to',
      b: 'referred-by',
      u: 'allow-events',
      x: 'session-expires',
      y: 'identity',
    };
    for (const [short, long] of Object.entries(compact)) {
      expect(canonicalHeaderName(short)).toBe(long);
      expect(canonicalHeaderName(short.toUpperCase())).toBe(long);
    }
    expect(canonicalHeaderName('CALL-id')).toBe('call-id');
    expect(canonicalHeaderName('X-CID')).toBe('x-cid');
  });
});
