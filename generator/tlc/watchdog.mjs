// TLC's watchdog: started by tlc/run.ts beside every TLC run, in its own session. Its stdin is
// a pipe from the tether process. When the pipe closes before tether wrote "done" — tether is
// gone, even by SIGKILL, which it cannot catch — it kills TLC's process group, stops TLC's
// container (Docker), and removes TLC's temporary folder. Lines it reads: `pid N` (TLC's
// process group), `stop PROGRAM ARGS…` as JSON (a command that stops TLC), `done`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const dir = process.argv[2];
let pid = 0;
let stop = null;
let done = false;
let buffer = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (line.startsWith('pid ')) pid = Number(line.slice(4));
    else if (line.startsWith('stop ')) stop = JSON.parse(line.slice(5));
    else if (line === 'done') done = true;
  }
});
process.stdin.on('close', () => {
  if (!done) {
    if (pid > 0)
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // TLC already ended
      }
    if (stop) spawnSync(stop[0], stop.slice(1), { stdio: 'ignore', timeout: 20_000 });
    if (dir)
      try {
        // TLC, just killed, may still be writing into it: retried.
        rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      } catch {
        // nothing more to do
      }
  }
  process.exit(0);
});
