// Entry point: pick the transport (this also takes the token out of the URL), then render the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createMonitorClient } from './client/index.ts';
import { App } from './shell/app.tsx';
import './styles/index.css';

const client = createMonitorClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
