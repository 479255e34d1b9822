// The outcome of one test login: the versions the PBX announced, or why it refused.
import type { ResultOf } from '../../../../shared/contract.ts';

export function TestResult({ running, result }: { running: boolean; result: ResultOf<'ami.connections.test'> | null }) {
  if (running || result === null) {
    return (
      <p className="test-result muted" role="status" data-testid="ami-test-result">
        Logging in once to test…
      </p>
    );
  }
  if (result.ok) {
    const versions = [
      result.asteriskVersion && `Asterisk ${result.asteriskVersion}`,
      result.amiVersion && `AMI ${result.amiVersion}`,
    ].filter(Boolean);
    return (
      <p className="test-result test-result--ok" role="status" data-testid="ami-test-result">
        Login works{versions.length > 0 ? `: ${versions.join(' · ')}` : ''}
      </p>
    );
  }
  return (
    <p className="test-result test-result--bad" role="alert" data-testid="ami-test-result">
      Test failed: {result.error ?? 'no reason given'}
    </p>
  );
}
