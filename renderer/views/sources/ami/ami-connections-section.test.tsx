import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AmiConnectionInfo } from '../../../../shared/contract.ts';
import { ClientProvider } from '../../../client/client-context.tsx';
import type { FakeClient } from '../../../client/fake-client.ts';
import { bindClient } from '../../../state/client-bindings.ts';
import { PBX_A, amiConnection } from '../../../testing/fake-ami.ts';
import { fakeCore, resetStores } from '../../../testing/fake-data.ts';
import { AmiConnectionsSection } from './ami-connections-section.tsx';

/** The secret of the stored connection, which the core never sends back. */
const STORED_SECRET = 'hunter2-stored';

function renderSection(client: FakeClient) {
  const unbind = bindClient(client);
  const view = render(
    <ClientProvider client={client}>
      <AmiConnectionsSection />
    </ClientProvider>,
  );
  return { ...view, unbind };
}

function coreWith(list: AmiConnectionInfo[]) {
  return fakeCore({
    'ami.connections.list': list,
    'ami.connections.save': { id: 'new-id' },
    'ami.connections.delete': { deleted: true },
    'ami.connections.test': { ok: true, amiVersion: '11.0.0', asteriskVersion: '22.10.1' },
  });
}

function params(client: FakeClient, name: string): unknown[] {
  return client.calls.filter((c) => c.name === name).map((c) => c.params);
}

describe('AMI connections in Sources', () => {
  let unbind: () => void = () => undefined;
  beforeEach(resetStores);
  afterEach(() => {
    unbind();
    cleanup();
  });

  it('shows each PBX with its status, versions and whether actions are allowed', async () => {
    ({ unbind } = renderSection(coreWith([amiConnection({ actionsEnabled: true })])));
    const card = await screen.findByTestId('ami-connection-Lab PBX');
    expect(within(card).getByTestId('ami-status').textContent).toBe('Connected');
    expect(card.textContent).toContain('pbxscope@192.0.2.10:5038');
    expect(card.textContent).toContain('Asterisk 22.10.1');
    expect(card.textContent).toContain('AMI 11.0.0');
    expect(within(card).getByTestId('ami-actions-on').textContent).toContain('Hang-up and pause allowed');
  });

  it('shows "authentication failed" from lastError on a refused connection, and follows ami.status', async () => {
    const client = coreWith([amiConnection({ status: 'authenticating' })]);
    ({ unbind } = renderSection(client));
    const card = await screen.findByTestId('ami-connection-Lab PBX');
    expect(within(card).getByTestId('ami-status').textContent).toBe('Logging in…');
    act(() => client.emit('ami.status', [amiConnection({ status: 'failed', lastError: 'authentication failed' })]));
    expect(within(card).getByTestId('ami-status').textContent).toBe('Failed');
    expect(within(card).getByTestId('ami-last-error').textContent).toContain('authentication failed');
  });

  it('counts down to the next reconnect attempt', async () => {
    const client = coreWith([]);
    ({ unbind } = renderSection(client));
    await screen.findByTestId('ami-none');
    act(() =>
      client.emit('ami.status', [
        amiConnection({ status: 'reconnecting', reconnectInSec: 8, lastError: 'connection refused' }),
      ]),
    );
    const card = screen.getByTestId('ami-connection-Lab PBX');
    expect(within(card).getByTestId('ami-status').textContent).toBe('Reconnecting in 8 s');
    expect(within(card).getByTestId('ami-last-error').textContent).toContain('connection refused');
  });

  it('never renders a stored secret: the edit form starts empty, says one is stored, and keeps it on save', async () => {
    // Even a core that wrongly sent the secret back must not get it onto the screen.
    const leaky = { ...amiConnection({ hasSecret: true }), secret: STORED_SECRET } as AmiConnectionInfo;
    const client = coreWith([leaky]);
    const rendered = renderSection(client);
    unbind = rendered.unbind;
    const { container } = rendered;
    const card = await screen.findByTestId('ami-connection-Lab PBX');
    fireEvent.click(within(card).getByTestId('ami-edit'));
    const form = screen.getByTestId('ami-form');
    const secret = within(form).getByTestId('ami-secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(within(form).getByTestId('ami-secret-stored').textContent).toContain('A secret is stored');
    expect(container.innerHTML).not.toContain(STORED_SECRET);
    expect(card.textContent).not.toContain(STORED_SECRET);
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Lab PBX 2' } });
    fireEvent.click(within(form).getByTestId('ami-save'));
    await waitFor(() => expect(params(client, 'ami.connections.save')).toHaveLength(1));
    const saved = params(client, 'ami.connections.save')[0] as Record<string, unknown>;
    expect(saved).toMatchObject({ id: PBX_A, name: 'Lab PBX 2', host: '192.0.2.10', port: 5038, username: 'pbxscope' });
    expect('secret' in saved).toBe(false);
    await waitFor(() => expect(screen.queryByTestId('ami-form')).toBeNull());
  });

  it('adds a PBX: requires a secret, moves the port to 5039 with TLS and warns when the certificate is not verified', async () => {
    const client = coreWith([]);
    ({ unbind } = renderSection(client));
    fireEvent.click(await screen.findByTestId('ami-add'));
    const form = screen.getByTestId('ami-form');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('5038');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Office' } });
    fireEvent.change(within(form).getByLabelText('Host'), { target: { value: 'pbx.example.com' } });
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'pbxscope' } });
    fireEvent.click(within(form).getByTestId('ami-save'));
    expect(within(form).getByText('Enter the secret of this manager.conf user.')).toBeTruthy();
    expect(params(client, 'ami.connections.save')).toHaveLength(0);

    fireEvent.click(within(form).getByLabelText('TLS'));
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('5039');
    expect(within(form).queryByTestId('ami-tls-warning')).toBeNull();
    fireEvent.click(within(form).getByLabelText('Verify certificate'));
    expect(within(form).getByTestId('ami-tls-warning').textContent).toContain('not checked');
    fireEvent.click(within(form).getByLabelText('Allow actions'));
    expect(within(form).getByTestId('ami-actions-warning').textContent).toContain('hang up live calls');
    fireEvent.change(within(form).getByTestId('ami-secret'), { target: { value: 's3cret' } });
    fireEvent.click(within(form).getByTestId('ami-save'));
    await waitFor(() => expect(params(client, 'ami.connections.save')).toHaveLength(1));
    expect(params(client, 'ami.connections.save')[0]).toEqual({
      name: 'Office',
      host: 'pbx.example.com',
      port: 5039,
      username: 'pbxscope',
      secret: 's3cret',
      tls: true,
      tlsVerify: false,
      color: '#4f8cff',
      actionsEnabled: true,
      enabled: true,
    });
  });

  it('tests the settings in the form and shows the versions or why the login failed', async () => {
    const client = coreWith([]);
    ({ unbind } = renderSection(client));
    fireEvent.click(await screen.findByTestId('ami-add'));
    const form = screen.getByTestId('ami-form');
    fireEvent.change(within(form).getByLabelText('Host'), { target: { value: '127.0.0.1' } });
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(within(form).getByTestId('ami-secret'), { target: { value: 'admin' } });
    fireEvent.click(within(form).getByTestId('ami-test'));
    await waitFor(() =>
      expect(within(form).getByTestId('ami-test-result').textContent).toBe(
        'Login works: Asterisk 22.10.1 · AMI 11.0.0',
      ),
    );
    expect(params(client, 'ami.connections.test')).toEqual([
      { host: '127.0.0.1', port: 5038, username: 'admin', secret: 'admin', tls: false, tlsVerify: true },
    ]);
    client.handle('ami.connections.test', { ok: false, error: 'authentication failed' });
    fireEvent.change(within(form).getByTestId('ami-secret'), { target: { value: 'wrong' } });
    fireEvent.click(within(form).getByTestId('ami-test'));
    await waitFor(() =>
      expect(within(form).getByTestId('ami-test-result').textContent).toBe('Test failed: authentication failed'),
    );
  });

  it('deletes a PBX only after confirmation', async () => {
    const client = coreWith([amiConnection()]);
    ({ unbind } = renderSection(client));
    const card = await screen.findByTestId('ami-connection-Lab PBX');
    fireEvent.click(within(card).getByTestId('ami-delete'));
    expect(params(client, 'ami.connections.delete')).toHaveLength(0);
    client.handle('ami.connections.list', []);
    fireEvent.click(within(card).getByTestId('ami-delete-confirm'));
    await waitFor(() => expect(params(client, 'ami.connections.delete')).toEqual([{ id: PBX_A }]));
    await waitFor(() => expect(screen.queryByTestId('ami-connection-Lab PBX')).toBeNull());
  });
});
