// All sources' listeners, reconciled against the saved configuration: a changed source is
// rebound, an unchanged one keeps its sockets (and its peers' TCP connections).
import type { ListenerStatus, SourceConfig, SourceName, TransportProto } from '../../../shared/domain.ts';
import type { ListenerCounters } from './counters.ts';
import { SourceListener } from './listener.ts';
import { countingSink, type PacketSink } from './sink.ts';

function sameConfig(a: SourceConfig, b: SourceConfig): boolean {
  return a.enabled === b.enabled && a.host === b.host && a.port === b.port && a.udp === b.udp && a.tcp === b.tcp;
}

export class ListenerManager {
  private readonly listeners = new Map<SourceName, SourceListener>();
  private readonly sinks: Partial<Record<SourceName, PacketSink>>;
  private queue: Promise<void> = Promise.resolve();

  constructor(sinks: Partial<Record<SourceName, PacketSink>>) {
    this.sinks = sinks;
  }

  /** Serialised so two quick saves from the UI cannot race each other's binds. */
  apply(configs: SourceConfig[]): Promise<void> {
    this.queue = this.queue.then(() => this.reconcile(configs));
    return this.queue;
  }

  private async reconcile(configs: SourceConfig[]): Promise<void> {
    for (const cfg of configs) {
      const current = this.listeners.get(cfg.name);
      if (current && sameConfig(current.config, cfg)) continue;
      let counters: Record<TransportProto, ListenerCounters> | undefined;
      if (current) {
        counters = current.sharedCounters;
        await current.stop();
      }
      const next = new SourceListener({ ...cfg }, this.sinks[cfg.name] ?? countingSink, counters);
      this.listeners.set(cfg.name, next);
      await next.start();
    }
  }

  status(): ListenerStatus[] {
    return [...this.listeners.values()].flatMap((l) => l.status());
  }

  statusOf(name: SourceName): ListenerStatus[] {
    return this.listeners.get(name)?.status() ?? [];
  }

  async stop(): Promise<void> {
    await this.queue;
    await Promise.all([...this.listeners.values()].map((l) => l.stop()));
    this.listeners.clear();
  }
}
