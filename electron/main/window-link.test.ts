import { describe, expect, it } from 'vitest';
import { createWindowLink } from './window-link.ts';

function harness(coreAccepts = true) {
  let n = 0;
  const toCore: string[] = [];
  const toPage: string[] = [];
  const closed: string[] = [];
  const link = createWindowLink<string>({
    createChannel: () => {
      n += 1;
      return { port1: `core-${n}`, port2: `page-${n}` };
    },
    connectCore: (port) => {
      if (!coreAccepts) return false;
      toCore.push(port);
      return true;
    },
    sendToPage: (port) => toPage.push(port),
    closePort: (port) => closed.push(port),
  });
  return { link, toCore, toPage, closed };
}

describe('window link', () => {
  it('waits for both the page and the core before handing out a port pair', () => {
    const h = harness();
    h.link.pageLoaded();
    expect(h.toPage).toEqual([]);
    h.link.coreChanged(true);
    expect(h.toCore).toEqual(['core-1']);
    expect(h.toPage).toEqual(['page-1']);
  });

  it('links when the core is already up as soon as the page loads', () => {
    const h = harness();
    h.link.coreChanged(true);
    h.link.pageLoaded();
    expect(h.toPage).toEqual(['page-1']);
  });

  it('hands a fresh pair after a reload', () => {
    const h = harness();
    h.link.coreChanged(true);
    h.link.pageLoaded();
    h.link.pageGone();
    h.link.pageLoaded();
    expect(h.toCore).toEqual(['core-1', 'core-2']);
    expect(h.toPage).toEqual(['page-1', 'page-2']);
  });

  it('hands a fresh pair after a core restart, and none while the core is down', () => {
    const h = harness();
    h.link.pageLoaded();
    h.link.coreChanged(true);
    h.link.coreChanged(false);
    h.link.pageGone();
    h.link.pageLoaded();
    expect(h.toPage).toEqual(['page-1']);
    h.link.coreChanged(true);
    expect(h.toPage).toEqual(['page-1', 'page-2']);
  });

  it('does not relink on repeated ready notifications for the same core', () => {
    const h = harness();
    h.link.pageLoaded();
    h.link.coreChanged(true);
    h.link.coreChanged(true);
    expect(h.link.linkCount()).toBe(1);
  });

  it('closes both ends and sends nothing to the page when the core refuses the port', () => {
    const h = harness(false);
    h.link.pageLoaded();
    h.link.coreChanged(true);
    expect(h.toPage).toEqual([]);
    expect(h.closed).toEqual(['core-1', 'page-1']);
  });

  it('sends nothing to a page that has gone', () => {
    const h = harness();
    h.link.pageLoaded();
    h.link.pageGone();
    h.link.coreChanged(true);
    expect(h.toPage).toEqual([]);
  });
});
