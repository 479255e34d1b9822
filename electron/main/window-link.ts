// Brokers one window's MessagePort to the core. A page needs a fresh port after every load (the
// preload starts over) and after every core restart (the old port led to a dead process), but only
// once both the page has loaded and a core is ready. Ports are injected, so this is tested without
// Electron; main wires it to MessageChannelMain and webContents.postMessage.

export interface PortPair<Port> {
  port1: Port;
  port2: Port;
}

export interface WindowLinkDeps<Port> {
  createChannel(): PortPair<Port>;
  /** Hands the core's end to the core; false when no core can take it. */
  connectCore(port: Port): boolean;
  /** Hands the page's end to the renderer (`webContents.postMessage`). */
  sendToPage(port: Port): void;
  /** Closes an end that could not be handed over. */
  closePort(port: Port): void;
}

export interface WindowLink {
  /** The page (re)loaded: its preload waits for a port. */
  pageLoaded(): void;
  /** The page is navigating away, crashed or closed: its port is gone with it. */
  pageGone(): void;
  /** Called with the core's readiness on every supervisor change; links on each not-ready -> ready edge. */
  coreChanged(ready: boolean): void;
  /** How many ports this window has been handed (diagnostics and tests). */
  linkCount(): number;
}

export function createWindowLink<Port>(deps: WindowLinkDeps<Port>): WindowLink {
  let pageUp = false;
  let coreUp = false;
  let links = 0;

  function link(): void {
    if (!pageUp || !coreUp) return;
    const { port1, port2 } = deps.createChannel();
    if (!deps.connectCore(port1)) {
      deps.closePort(port1);
      deps.closePort(port2);
      return;
    }
    // Both ends now belong to other processes; the preload closes its previous port itself.
    deps.sendToPage(port2);
    links += 1;
  }

  return {
    pageLoaded() {
      pageUp = true;
      link();
    },
    pageGone() {
      pageUp = false;
    },
    coreChanged(ready) {
      const wasUp = coreUp;
      coreUp = ready;
      if (ready && !wasUp) link();
    },
    linkCount: () => links,
  };
}
