/** A progress line with images/s, ETA and running loss; redrawn in place on a TTY, printed periodically otherwise. */
export interface Progress {
  update(done: number, loss: number): void;
  finish(): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export function createProgress(label: string, total: number, write: (s: string) => void, tty: boolean, everySeconds = 30): Progress {
  const start = performance.now();
  let lastPrint = start;
  let line = '';
  const render = (done: number, loss: number) => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const width = 24;
    const filled = Math.round((done / total) * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    return `${label} [${bar}] ${done}/${total} ${rate.toFixed(1)} img/s ETA ${formatSeconds((total - done) / rate)} loss ${loss.toFixed(2)}`;
  };
  return {
    update(done, loss) {
      line = render(done, loss);
      const now = performance.now();
      if (tty) write(`\r${line}`);
      else if (now - lastPrint >= everySeconds * 1000) {
        write(`${line}\n`);
        lastPrint = now;
      }
    },
    finish() {
      if (tty) write('\n');
      else if (line) write(`${line}\n`);
    },
  };
}
