import { AlertsIcon, ArrowRightIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { hashForView, type ViewId } from '../../state/route.ts';

/** What alert rules can watch, and the view that sets up each feed. */
const WATCHABLE: ReadonlyArray<{ what: string; from: string; view: ViewId }> = [
  { what: 'SIP response codes, failed and short calls, setup time', from: 'HEP capture', view: 'calls' },
  { what: 'Channel counts, queue waits, agents logged in, security events', from: 'Asterisk AMI', view: 'channels' },
  { what: 'Any counter, gauge or timer crossing a threshold', from: 'StatsD', view: 'metrics' },
  { what: 'Log lines matching a pattern, error bursts', from: 'Syslog', view: 'logs' },
];

export function AlertsView() {
  return (
    <div className="view" data-testid="view-alerts">
      <EmptyState
        testId="empty-alerts"
        icon={<AlertsIcon size={28} />}
        title="No alerts firing"
        lead="Alerts lists the rules that are firing or recently resolved, and raises a desktop notification when one starts."
      >
        <div className="setup">
          <h3 className="setup__heading">Alert rules work over any source</h3>
          <p className="setup__text">
            There is nothing extra to send for alerts: once a source delivers data, rules can watch it. Set up the
            sources you need from their views:
          </p>
          <ul className="watch-list">
            {WATCHABLE.map((w) => (
              <li key={w.from} className="watch-list__item">
                <span className="watch-list__from">{w.from}</span>
                <span className="watch-list__what">{w.what}</span>
                <a className="watch-list__link" href={hashForView(w.view)}>
                  Set up <ArrowRightIcon size={14} />
                </a>
              </li>
            ))}
          </ul>
        </div>
      </EmptyState>
    </div>
  );
}
