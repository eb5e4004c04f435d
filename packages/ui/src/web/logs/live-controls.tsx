// The Logs panel's live tail buttons: Live, then Pause or Resume (with the lines held back), Stop, and the rate.
import type { LiveTail, TailStatus } from './live-tail.js';

function statusText(status: TailStatus, paused: boolean): string {
  if (status.state === 'closed') return `Stopped: ${status.reason}`;
  if (status.state === 'connecting') return 'Connecting…';
  return paused ? 'Paused' : 'Live';
}

interface Props {
  live: boolean;
  paused: boolean;
  tail: LiveTail;
  onLive(live: boolean): void;
  onPaused(paused: boolean): void;
}

export function LiveControls({ live, paused, tail, onLive, onPaused }: Props) {
  if (!live) return <button class="live-button" onClick={() => onLive(true)}>▶ Live</button>;
  const { status } = tail;
  return (
    <span class="live-controls" data-state={status.state}>
      <span class={`live-dot ${status.state}`} />
      <span data-testid="live-status">{statusText(status, paused)}</span>
      <span class="muted" data-testid="line-rate">{tail.linesPerSecond.toFixed(1)} lines/s</span>
      {paused
        ? <button onClick={() => onPaused(false)}>▶ Resume{tail.held > 0 ? ` (${tail.held} new)` : ''}</button>
        : <button onClick={() => onPaused(true)}>⏸ Pause</button>}
      <button onClick={() => onLive(false)}>■ Stop</button>
    </span>
  );
}
