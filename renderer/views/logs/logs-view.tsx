import { LogsIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { SourceSetup } from '../../onboarding/source-setup.tsx';
import { syslogSnippets } from '../../onboarding/syslog-snippets.ts';

export function LogsView() {
  return (
    <div className="view" data-testid="view-logs">
      <EmptyState
        testId="empty-logs"
        icon={<LogsIcon size={28} />}
        title="No log lines yet"
        lead="Logs tails and searches the PBX's log lines as they arrive over syslog, with full-text search across the retained history."
      >
        <SourceSetup source="syslog" heading="Forward logs here over syslog" snippets={syslogSnippets} />
      </EmptyState>
    </div>
  );
}
