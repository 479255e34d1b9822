// Preload: bundled into one CommonJS file so the renderer keeps `sandbox: true`. It only wires the
// bridge (bridge.ts) to the port main hands over and exposes a narrow, allowlisted API: never
// ipcRenderer itself, never an IPC event object (security checklist item 20). The one call main
// answers itself is saveExport (the native save dialog); main validates its sender and argument.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, typedApi, type PbxscopeApi } from './bridge.ts';
import { fail, type RpcResult } from '../../shared/contract.ts';
import { PORT_CHANNEL, SAVE_EXPORT_CHANNEL, type SavedExport } from './channels.ts';

const bridge = createBridge({
  onListenerError: (name, error) => console.error(`pbxscope: a ${name} subscriber threw`, error),
});

// Main sends a fresh port after each page load and after each core restart.
ipcRenderer.on(PORT_CHANNEL, (event) => {
  const port = event.ports[0];
  if (!port) return;
  port.onmessage = (message: { data: unknown }) => bridge.receive(message.data);
  bridge.attach({
    postMessage: (frame) => port.postMessage(frame),
    close: () => port.close(),
  });
});

async function saveExport(fileName: string): Promise<RpcResult<SavedExport>> {
  // Only a string crosses: the page cannot hand main an object with surprises in it.
  if (typeof fileName !== 'string') return fail('bad_request', 'saveExport takes the export file name');
  return (await ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, fileName)) as RpcResult<SavedExport>;
}

const api: PbxscopeApi = { ...typedApi(bridge), saveExport, platform: 'electron' };

contextBridge.exposeInMainWorld('pbxscope', api);
