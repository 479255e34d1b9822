// "How to send data here" for one network source, filled with the real address and port.
import type { ListenerStatus, Settings, SourceName } from '../../shared/contract.ts';
import { Notice } from '../components/notice.tsx';
import { SnippetBlock } from '../components/snippet-block.tsx';
import { useHealthStore } from '../state/health-store.ts';
import { useSettingsStore } from '../state/settings-store.ts';
import { hostPort, sendTarget, type SendTarget } from './send-target.ts';
import type { Snippet } from './snippet.ts';
import { SOURCE_TITLES } from './source-names.ts';

export interface SourceSetupProps {
  source: SourceName;
  heading: string;
  /** Builds the snippets; `settings` carries source-wide options such as the HEP auth key. */
  snippets: (target: SendTarget, settings: Settings) => Snippet[];
}

export function SourceSetup({ source, heading, snippets }: SourceSetupProps) {
  const settings = useSettingsStore((s) => s.settings);
  const status = useSettingsStore((s) => s.status);
  const loadError = useSettingsStore((s) => s.loadError);
  const health = useHealthStore((s) => s.health);

  if (!settings) {
    return (
      <div className="setup">
        <h3 className="setup__heading">{heading}</h3>
        {loadError ? (
          <Notice tone="error">Could not load the listener settings: {loadError}</Notice>
        ) : (
          <p className="muted">Loading the listener settings…</p>
        )}
      </div>
    );
  }
  const config = settings.sources.find((s) => s.name === source);
  if (!config) {
    return (
      <div className="setup">
        <h3 className="setup__heading">{heading}</h3>
        <Notice tone="warning">This PBXScope has no {SOURCE_TITLES[source]} source configured.</Notice>
      </div>
    );
  }
  const listeners = health?.listeners ?? status?.listeners ?? [];
  const target = sendTarget(config, status?.hostAddresses, listeners);
  const sockets = listeners.filter((l) => l.name === source);
  const failed = sockets.filter((l) => l.state === 'error');
  const transports = [config.udp && 'UDP', config.tcp && 'TCP'].filter(Boolean).join(' + ') || 'no transport';

  return (
    <div className="setup">
      <h3 className="setup__heading">{heading}</h3>
      <p className="setup__target">
        <span className="setup__target-label">{SOURCE_TITLES[source]} listener</span>
        <code className="setup__address">{hostPort(target.address, target.port)}</code>
        <span className="setup__transports">{transports}</span>
        {sockets.map((l) => (
          <SocketPill key={l.proto} listener={l} />
        ))}
      </p>
      {!config.enabled && (
        <Notice tone="warning">
          The {SOURCE_TITLES[source]} source is turned off. <a href="#/sources">Turn it on in Sources</a>.
        </Notice>
      )}
      {failed.map((l) => (
        <Notice tone="error" key={l.proto}>
          {l.error ?? `${l.proto.toUpperCase()} listener failed`}. <a href="#/sources">Change it in Sources</a>.
        </Notice>
      ))}
      {target.note && <Notice tone="info">{target.note}</Notice>}
      <div className="setup__snippets">
        {snippets(target, settings).map((s) => (
          <SnippetBlock key={s.id} snippet={s} />
        ))}
      </div>
    </div>
  );
}

function SocketPill({ listener }: { listener: ListenerStatus }) {
  return (
    <span className={`pill pill--${listener.state}`}>
      <span className="dot" aria-hidden="true" />
      {listener.proto.toUpperCase()} {listener.state}
    </span>
  );
}
