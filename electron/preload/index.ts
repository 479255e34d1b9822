// Preload: bundled into one CommonJS file so the renderer keeps `sandbox: true`. It only wires the
// bridge (bridge.ts) to the port main hands over and exposes a narrow, allowlisted API: never
// ipcRenderer itself, never an IPC event object (security checklist item 20).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, typedApi, type PbxscopeApi } from './bridge.ts';
import { PORT_CHANNEL } from './channels.ts';

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

const api: PbxscopeApi = { ...typedApi(bridge), platform: 'electron' };

contextBridge.exposeInMainWorld('pbxscope', api);
