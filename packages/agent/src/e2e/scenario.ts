import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentProc, EXAMPLES, Proc, sleep, startSink, waitUntil, type Sink } from '../testing/processes.js';
import { PYTHON, requireStructlog } from '../testing/structlog.js';

const WRITER = fileURLToPath(new URL('../../src/testing/structlog_writer.py', import.meta.url));

export interface ScenarioContext {
  sink: Sink;
  /** The agent now running (replaced by restartAgent). */
  agent(): AgentProc;
  /** SIGKILLs the agent and starts a new one on the same state directory. */
  killAndRestartAgent(): Promise<void>;
}

/**
 * The seed's set-up on real processes: Debian's structlog writes `lines` JSON lines through
 * python_logging.py (RotatingFileHandler, maxBytes lowered), `logi agent` runs the seed's config.alloy (examples/ at the repository root)
 * with only the path and URL changed (plus `extraStages` and `endpointExtra`), and the sink must end
 * up holding every id exactly once with the labels app, env, level and service.
 */
export async function runStructlogScenario(opts: {
  lines: number;
  maxBytes: number;
  timestamps: boolean;
  /** Lines per second the writer keeps to (0: as fast as it can). */
  rate?: number;
  /** Rotated files the handler keeps (the seed's 5 when unset). */
  backups?: number;
  endpointExtra?: string;
  during?: (ctx: ScenarioContext) => Promise<void>;
}): Promise<{ rotations: number }> {
  requireStructlog(PYTHON);
  const dir = mkdtempSync(join(tmpdir(), 'logi-agent-e2e-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const sink = await startSink(dir);
  let agent: AgentProc | undefined;
  let writer: Proc | undefined;
  try {
    let config = readFileSync(join(EXAMPLES, 'config.alloy'), 'utf8')
      .replace('/var/log/app/*.log', `${logs}/*.log`)
      .replace('url = "http://loki:3100/loki/api/v1/push"', `url = "${sink.url}"\n    ${opts.endpointExtra ?? ''}`);
    if (opts.timestamps) {
      config = config
        .replace('service = "service",\n    }\n  }', 'service = "service",\n      timestamp = "timestamp",\n    }\n  }\n\n  stage.timestamp {\n    source = "timestamp"\n    format = "RFC3339Nano"\n  }')
;
      assert.match(config, /stage\.timestamp/);
    }
    const configFile = join(dir, 'config.alloy');
    writeFileSync(configFile, config);
    const storage = join(dir, 'agent-data');
    agent = await AgentProc.start(configFile, storage);
    writer = new Proc(PYTHON, [WRITER, EXAMPLES, logs, String(opts.lines), String(opts.maxBytes), String(opts.rate ?? 0), String(opts.backups ?? 0)]);
    let agentLogs = '';
    const ctx: ScenarioContext = {
      sink,
      agent: () => agent!,
      async killAndRestartAgent() {
        await agent!.proc.kill('SIGKILL');
        agentLogs += agent!.proc.stderr;
        agent = await AgentProc.start(configFile, storage);
      },
    };
    await opts.during?.(ctx);
    assert.equal(await writer.exited, 0, `writer failed: ${writer.stderr}`);
    // shipped: nothing buffered and every open file acknowledged to its end, twice in a row
    let calm = 0;
    await waitUntil(async () => {
      const m = await agent!.metrics();
      calm = m.logi_agent_buffered_bytes === 0 && m.logi_agent_lag_bytes === 0 ? calm + 1 : 0;
      return calm >= 3;
    }, 120_000, 'the agent to ship everything');
    let stored = await sink.entries('{app="python-starter-kit"}');
    for (let i = 0; i < 20 && stored.length < opts.lines; i++) {
      await sleep(500);
      stored = await sink.entries('{app="python-starter-kit"}');
    }
    const counts = new Map<number, number>();
    for (const e of stored) {
      const doc = JSON.parse(e.line) as { id: number; level: string; service: string };
      counts.set(doc.id, (counts.get(doc.id) ?? 0) + 1);
      assert.equal(e.labels.app, 'python-starter-kit');
      assert.equal(e.labels.env, 'production');
      assert.equal(e.labels.level, doc.level);
      assert.equal(e.labels.service, doc.service);
    }
    const missing: number[] = [];
    const doubled: number[] = [];
    for (let id = 0; id < opts.lines; id++) {
      const c = counts.get(id) ?? 0;
      if (c === 0) missing.push(id);
      if (c > 1) doubled.push(id);
    }
    assert.deepEqual({ missing: missing.length, doubled: doubled.length, firstMissing: missing.slice(0, 5), firstDoubled: doubled.slice(0, 5) }, { missing: 0, doubled: 0, firstMissing: [], firstDoubled: [] }, `sink: ${sink.kind}; agent warnings:\n${(agentLogs + agent.proc.stderr).split('\n').filter((l) => !l.includes('level=info')).join('\n').slice(-3000)}`);
    assert.equal(stored.length, opts.lines);
    return { rotations: Math.floor(stored.reduce((n, e) => n + e.line.length + 1, 0) / opts.maxBytes) };
  } finally {
    await writer?.kill('SIGKILL');
    await agent?.proc.kill();
    await sink.stop();
  }
}
