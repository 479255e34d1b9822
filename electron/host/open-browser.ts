// Opens the web UI in the user's browser; failure is not an error (the URL is printed anyway).
import { spawn } from 'node:child_process';

export function openBrowser(url: string, log: (line: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => log('could not open a browser here; open the URL above yourself'));
    child.unref();
  } catch {
    log('could not open a browser here; open the URL above yourself');
  }
}
