// Live tail over Loki's WebSocket: the newest lines of the query, then each matching line as it is pushed.
// Paused, lines keep arriving but are held back until resumed; the rate counts them either way.
import { useEffect, useRef, useState } from 'preact/hooks';
import { tailUrl, type StreamResult } from '../api/loki.js';
import { rowsOf, type LogRow } from './log-rows.js';

/** Lines kept on screen; the oldest go first, as Grafana's live view keeps its last lines. */
export const LIVE_MAX_ROWS = 1000;
/** Lines sent first from before the tail began. */
const HISTORY_LINES = 100;
/** The rate is the lines of this last stretch of time, per second. */
const RATE_WINDOW_MS = 10_000;

export type TailStatus = { state: 'connecting' | 'live' } | { state: 'closed'; reason: string };

export interface LiveTail {
  rows: LogRow[];
  /** lines received while paused, not shown yet */
  held: number;
  status: TailStatus;
  linesPerSecond: number;
}

export function useLiveTail(expr: string, active: boolean, paused: boolean, startMs: number): LiveTail {
  const [rows, setRows] = useState<LogRow[]>([]);
  const [status, setStatus] = useState<TailStatus>({ state: 'connecting' });
  const [rate, setRate] = useState(0);
  const held = useRef<LogRow[]>([]);
  const [heldCount, setHeldCount] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const show = (more: LogRow[]): void => setRows((old) => [...old, ...more].slice(-LIVE_MAX_ROWS));

  useEffect(() => {
    if (!active) return undefined;
    setRows([]);
    setStatus({ state: 'connecting' });
    held.current = [];
    setHeldCount(0);
    const arrivals: Array<{ at: number; n: number }> = [];
    const ws = new WebSocket(tailUrl(expr, startMs, HISTORY_LINES));
    ws.onopen = () => setStatus({ state: 'live' });
    ws.onmessage = (e: MessageEvent<string>) => {
      const more = rowsOf((JSON.parse(e.data) as { streams?: StreamResult[] }).streams ?? []);
      arrivals.push({ at: Date.now(), n: more.length });
      if (pausedRef.current) {
        held.current.push(...more);
        setHeldCount(held.current.length);
      } else {
        show(more);
      }
    };
    // A refused upgrade gives the browser no reason to read: the server's answer is in its log, not here.
    ws.onclose = (e) => setStatus({ state: 'closed', reason: e.reason || (e.code === 1006 ? 'the server refused or dropped the connection' : `closed (${e.code})`) });
    const timer = setInterval(() => {
      const since = Date.now() - RATE_WINDOW_MS;
      while (arrivals.length > 0 && arrivals[0]!.at < since) arrivals.shift();
      setRate(arrivals.reduce((a, x) => a + x.n, 0) / (RATE_WINDOW_MS / 1000));
    }, 1000);
    return () => {
      clearInterval(timer);
      ws.onclose = null;
      ws.close();
    };
  }, [active, expr]);

  useEffect(() => {
    if (paused || held.current.length === 0) return;
    show(held.current);
    held.current = [];
    setHeldCount(0);
  }, [paused]);

  return { rows, held: heldCount, status, linesPerSecond: rate };
}
