import { MetricsIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { SourceSetup } from '../../onboarding/source-setup.tsx';
import { statsdSnippets } from '../../onboarding/statsd-snippets.ts';

export function MetricsView() {
  return (
    <div className="view" data-testid="view-metrics">
      <EmptyState
        testId="empty-metrics"
        icon={<MetricsIcon size={28} />}
        title="No metrics received yet"
        lead="Metrics charts the StatsD counters, gauges and timers your PBX and SIP proxy send, live and over the retained history."
      >
        <SourceSetup source="statsd" heading="Send StatsD metrics here" snippets={statsdSnippets} />
      </EmptyState>
    </div>
  );
}
