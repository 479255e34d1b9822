import { describe, expect, it } from 'vitest';
import type { LadderModel } from '../../../../shared/contract.ts';
import { proxiedCall } from '../../../testing/fake-calls.ts';
import {
  EDGE_PAD,
  GUTTER_WIDTH,
  LABEL_CHAR_WIDTH,
  LADDER_ROW_HEIGHT,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  fitLabel,
  layoutLadder,
  splitHostLabel,
} from './ladder-layout.ts';

describe('layoutLadder', () => {
  it('puts one lifeline per host and one row per message, in order', () => {
    const { ladder } = proxiedCall();
    const layout = layoutLadder(ladder, 900);
    expect(layout.hosts.map((h) => h.address)).toEqual(['10.0.0.10:5060', '10.0.0.1:5060', '10.0.0.20:5060']);
    expect(layout.hosts[1]?.agent).toBe('Kamailio 5.6.4');
    expect(layout.rows).toHaveLength(ladder.arrows.length);
    const ys = layout.rows.map((r) => r.y);
    expect(ys.every((y, i) => i === 0 || y - (ys[i - 1] as number) === LADDER_ROW_HEIGHT)).toBe(true);
    expect(layout.height).toBeGreaterThan(layout.rows.at(-1)?.y ?? 0);
  });

  it('spreads lifelines over the pane but never closer or further apart than the bounds', () => {
    const { ladder } = proxiedCall();
    const fitted = layoutLadder(ladder, GUTTER_WIDTH + 2 * EDGE_PAD + 2 * 250);
    expect(fitted.columnWidth).toBe(250);
    expect(fitted.width).toBe(GUTTER_WIDTH + 2 * EDGE_PAD + 2 * 250);
    expect(fitted.hosts.map((h) => h.x)).toEqual([
      GUTTER_WIDTH + EDGE_PAD,
      GUTTER_WIDTH + EDGE_PAD + 250,
      GUTTER_WIDTH + EDGE_PAD + 500,
    ]);
    expect(layoutLadder(ladder, 300).columnWidth).toBe(MIN_COLUMN_WIDTH);
    expect(layoutLadder(ladder, 5000).columnWidth).toBe(MAX_COLUMN_WIDTH);
    const six: LadderModel = {
      hosts: Array.from({ length: 6 }, (_, i) => ({ key: `10.0.0.${i}:5060`, label: `10.0.0.${i}:5060` })),
      arrows: [],
    };
    // Six hosts do not fit 800 px: the ladder keeps readable spacing and scrolls sideways.
    expect(layoutLadder(six, 800).width).toBe(GUTTER_WIDTH + 2 * EDGE_PAD + 5 * MIN_COLUMN_WIDTH);
  });

  it('keeps host headers from overlapping each other', () => {
    const { ladder } = proxiedCall();
    for (const width of [300, 700, 900, 2000]) {
      const layout = layoutLadder(ladder, width);
      expect(layout.headerWidth).toBeLessThan(layout.columnWidth);
      expect(layout.hosts[0]!.x - layout.headerWidth / 2).toBeGreaterThanOrEqual(GUTTER_WIDTH);
    }
  });

  it('draws arrows from the sender lifeline to the receiver lifeline', () => {
    const { ladder } = proxiedCall();
    const layout = layoutLadder(ladder, 900);
    const trying = layout.rows[1]!;
    expect(trying.x1).toBe(layout.hosts[1]!.x);
    expect(trying.x2).toBe(layout.hosts[0]!.x);
    expect(trying.labelX).toBe((trying.x1 + trying.x2) / 2);
  });

  it('fits every label between the lifelines it joins, leaving room for the retrans tag', () => {
    const long = 'SIP/2.0 183 Session Progress With A Very Long Reason Phrase (SDP)';
    const { ladder } = proxiedCall();
    const layout = layoutLadder(ladder, 300, () => long);
    for (const row of layout.rows) {
      const room = Math.abs(row.x2 - row.x1) - (row.arrow.retransmission ? 9 * LABEL_CHAR_WIDTH : 0);
      expect(row.label.length * LABEL_CHAR_WIDTH).toBeLessThanOrEqual(room);
      expect(row.label.endsWith('…')).toBe(true);
    }
  });

  it('numbers merged legs in order of first appearance', () => {
    const a = proxiedCall('leg-a');
    const b = proxiedCall('leg-b');
    const model: LadderModel = {
      hosts: a.ladder.hosts,
      arrows: [...a.ladder.arrows.slice(0, 2), ...b.ladder.arrows.slice(0, 1), ...a.ladder.arrows.slice(2, 3)],
    };
    const layout = layoutLadder(model, 900);
    expect(layout.legs).toEqual(['leg-a', 'leg-b']);
    expect(layout.rows.map((r) => r.leg)).toEqual([0, 0, 1, 0]);
  });
});

describe('ladder labels', () => {
  it('splits "ip:port (agent)" host labels and leaves aliases whole', () => {
    expect(splitHostLabel('10.0.0.1:5060', '10.0.0.1:5060 (Kamailio 5.6.4)')).toEqual({
      address: '10.0.0.1:5060',
      agent: 'Kamailio 5.6.4',
    });
    expect(splitHostLabel('10.0.0.1:5060', 'core-proxy')).toEqual({ address: 'core-proxy', agent: null });
  });

  it('ellipsizes only what does not fit', () => {
    expect(fitLabel('200 OK', 200)).toBe('200 OK');
    expect(fitLabel('487 Request Terminated', 10 * LABEL_CHAR_WIDTH)).toBe('487 Reque…');
    expect(fitLabel('INVITE', 0)).toBe('…');
  });
});
