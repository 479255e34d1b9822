// Sources: where PBXScope listens, whether each socket is up, and how long data is kept.
import { useCallback, useEffect, useState } from 'react';
import type { SourceView } from '../../../shared/contract.ts';
import { useClient } from '../../client/client-context.tsx';
import { Notice } from '../../components/notice.tsx';
import { useConnectionStore } from '../../state/connection-store.ts';
import { useHealthStore } from '../../state/health-store.ts';
import { useSettingsStore } from '../../state/settings-store.ts';
import { AmiConnectionsSection } from './ami/ami-connections-section.tsx';
import { RetentionCard } from './retention-card.tsx';
import { SourceCard } from './source-card.tsx';

type Loaded = { views: SourceView[]; at: number } | { error: string } | null;

/** Microseconds, the unit of IngestHealth.at, so the two snapshots can be compared. */
function nowMicros(): number {
  return Date.now() * 1000;
}

export function SourcesView() {
  const client = useClient();
  const connected = useConnectionStore((s) => s.state === 'open');
  const health = useHealthStore((s) => s.health);
  const hostAddresses = useSettingsStore((s) => s.status?.hostAddresses) ?? [];
  const [loaded, setLoaded] = useState<Loaded>(null);

  const load = useCallback(async () => {
    const result = await client.invoke('sources.list', {});
    setLoaded(result.ok ? { views: result.result, at: nowMicros() } : { error: result.message });
  }, [client]);

  useEffect(() => {
    if (connected) void load();
  }, [connected, load]);

  const onSaved = useCallback((views: SourceView[]) => {
    setLoaded({ views, at: nowMicros() });
    // The empty states' snippets read the sources from settings: keep them in step.
    useSettingsStore.setState((s) =>
      s.settings ? { settings: { ...s.settings, sources: views.map((v) => v.config) } } : s,
    );
  }, []);

  return (
    <div className="view view--page" data-testid="view-sources">
      <section className="page-section" aria-labelledby="sources-listeners">
        <div className="page-section__head">
          <h2 id="sources-listeners">Listeners</h2>
          <p className="muted">
            Where PBXScope receives data. Changes apply as soon as you save; a port another program holds shows up here
            as an error.
          </p>
        </div>
        {loaded === null && <p className="muted">Loading sources…</p>}
        {loaded && 'error' in loaded && (
          <Notice tone="error">
            Could not load the sources: {loaded.error}{' '}
            <button type="button" className="button button--quiet button--inline" onClick={() => void load()}>
              Retry
            </button>
          </Notice>
        )}
        {loaded && 'views' in loaded && (
          <div className="card-grid">
            {loaded.views.map((view) => (
              <SourceCard
                key={view.config.name}
                view={view}
                live={(health?.listeners ?? []).filter((l) => l.name === view.config.name)}
                liveIsNewer={(health?.at ?? 0) > loaded.at}
                hostAddresses={hostAddresses}
                onSaved={onSaved}
              />
            ))}
          </div>
        )}
      </section>
      <AmiConnectionsSection />
      <section className="page-section" aria-labelledby="sources-storage">
        <div className="page-section__head">
          <h2 id="sources-storage">Retention</h2>
        </div>
        <RetentionCard />
      </section>
    </div>
  );
}
