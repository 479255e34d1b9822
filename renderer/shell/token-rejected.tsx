// Web mode without a usable token: retrying cannot help, so say exactly what to open instead.
import type { AuthRejection } from '../client/monitor-client.ts';
import { KeyIcon } from '../components/icons.tsx';

export function TokenRejected({ reason }: { reason: AuthRejection }) {
  return (
    <main className="token-rejected" data-testid="token-rejected">
      <div className="token-rejected__card">
        <div className="empty__icon">
          <KeyIcon size={28} />
        </div>
        <h1>{reason === 'invalid-token' ? "This link's token is not valid" : 'This page needs an access token'}</h1>
        <p>
          Open the URL printed by <code>npm run web</code> — it ends in <code>#token=…</code>. A new token is made each
          time the host starts, so links from an earlier run stop working.
        </p>
      </div>
    </main>
  );
}
