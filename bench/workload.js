// The benchmark workload: 32 streams in the shapes of loki-workload/gen-dataset.mjs (nginx access and
// error logs, structlog JSON with Korean text, logfmt, syslog, ANSI worker lines, checkout lines with
// structured metadata), weighted alike, so the figures compare with Loki's. A deterministic base of lines
// is generated once and reused cyclically with fresh, strictly increasing timestamps over the window.

/** xorshift32: small, fast and the same on every run. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IPS = ['203.0.113.7', '198.51.100.23', '192.0.2.44', '10.0.0.5', '10.0.1.17', '172.16.4.2', '2001:db8::1', '192.168.1.100'];
const PATHS = ['/', '/login', '/api/v1/orders', '/api/v1/orders/42', '/api/v1/users', '/static/app.js', '/healthz', '/search?q=loki'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'Go-http-client/1.1', 'python-requests/2.31.0'];
const USERS = ['user-456', 'user-123', 'user-789', 'user-001', 'alice', 'bob'];
const EVENTS = {
  auth: { info: ['로그인 시도', 'token refreshed'], warning: ['비밀번호 틀림'], error: ['계정 잠김'], debug: ['session expired'] },
  payments: { info: ['payment authorized', 'refund issued'], warning: ['payment declined'], error: ['gateway timeout'] },
  api: { info: ['request served'], warning: ['slow request'], error: ['upstream error'], debug: ['cache miss'] },
};

const two = (n) => String(n).padStart(2, '0');

/** Stream definitions: labels, share of the traffic, and a line maker (r: random, d: a Date). */
function streamDefs() {
  const defs = [];
  for (const host of ['web-1', 'web-2']) {
    defs.push({
      labels: { job: 'nginx', host, filename: '/var/log/nginx/access.log' }, weight: 6,
      line: (r, d, pick) => {
        const x = r();
        const status = x < 0.7 ? 200 : x < 0.75 ? 201 : x < 0.83 ? 304 : x < 0.91 ? 404 : x < 0.93 ? 499 : x < 0.97 ? 500 : x < 0.99 ? 502 : 503;
        const y = r();
        const method = y < 0.75 ? 'GET' : y < 0.93 ? 'POST' : y < 0.97 ? 'PUT' : 'DELETE';
        const size = status === 304 ? 0 : 120 + Math.floor(r() * 249880);
        const clf = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
        return `${pick(IPS)} - ${r() < 0.2 ? pick(USERS) : '-'} [${clf}] "${method} ${pick(PATHS)} HTTP/1.1" ${status} ${size} "-" "${pick(AGENTS)}" ${(r() * (status >= 500 ? 5 : 0.8)).toFixed(3)}`;
      },
    });
    defs.push({
      labels: { job: 'nginx', host, filename: '/var/log/nginx/error.log' }, weight: 0.6,
      line: (r, d, pick) => `${d.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')} [${pick(['error', 'warn', 'crit'])}] ${1 + Math.floor(r() * 9)}#0: *${1000 + Math.floor(r() * 99000)} ${pick(['upstream timed out (110: Connection timed out)', 'connect() failed (111: Connection refused)', 'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)'])} while connecting to upstream, client: ${pick(IPS)}, server: example.com, request: "GET ${pick(PATHS)} HTTP/1.1"`,
    });
  }
  for (const env of ['production', 'staging']) {
    for (const [service, byLevel] of Object.entries(EVENTS)) {
      for (const [level, events] of Object.entries(byLevel)) {
        defs.push({
          labels: { app: 'python-starter-kit', env, service, level, job: 'python-starter-kit' },
          weight: env === 'production' ? (level === 'info' ? 4 : 1.2) : 0.5,
          line: (r, d, pick) => {
            const event = pick(events);
            const rec = { timestamp: d.toISOString(), level, logger: service, event, request_id: `req-${Math.floor(r() * 0xffffff).toString(16).padStart(6, '0')}`, user_id: pick(USERS), service };
            if (event === '비밀번호 틀림') rec.attempt = 1 + Math.floor(r() * 6);
            if (event === '로그인 시도') rec.method = pick(['oauth2', 'password', 'sso']);
            if (event === '계정 잠김') rec.locked_until = new Date(d.getTime() + 86400000).toISOString();
            if (r() < 0.5) rec.duration_ms = Math.round(r() * 200000) / 100;
            if (r() < 0.3) rec.http = { method: pick(['GET', 'POST']), status: pick([200, 401, 403, 500]), path: pick(PATHS) };
            if (r() < 0.1) rec.tags = ['beta', pick(['eu', 'us'])];
            // Python's json.dumps separators (", " and ": ")
            const line = JSON.stringify(rec).replace(/","/g, '", "').replace(/":/g, '": ').replace(/,"/g, ', "');
            // staging keeps Python's default ensure_ascii: non-ASCII text \u-escaped
            return env === 'staging' ? line.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : line;
          },
        });
      }
    }
  }
  for (const env of ['production', 'staging']) {
    defs.push({
      labels: { app: 'api', env, component: 'http', job: 'api' }, weight: 3,
      line: (r, d, pick) => {
        const x = r();
        const level = x < 0.8 ? 'info' : x < 0.92 ? 'warn' : x < 0.98 ? 'error' : 'debug';
        const status = level === 'error' ? pick([500, 502, 503]) : pick([200, 200, 200, 201, 404]);
        const ms = (r() * (level === 'error' ? 3000 : 400)).toFixed(1);
        const size = pick([`${1 + Math.floor(r() * 900)}B`, `${(r() * 50).toFixed(1)}KB`, `${(r() * 3).toFixed(2)}MB`]);
        const msg = r() < 0.05 ? 'retry scheduled' : level === 'error' ? 'upstream failed' : 'request served';
        const line = `ts=${d.toISOString()} level=${level} msg="${msg}" method=${pick(['GET', 'POST'])} path=${pick(PATHS)} status=${status} duration=${ms}ms size=${size} latency_seconds=${(ms / 1000).toFixed(4)} user=${pick(USERS)} client_ip=${pick(IPS)}`;
        return r() < 0.03 ? `${line} broken="unterminated` : line;
      },
    });
  }
  for (const host of ['web-1', 'db-1']) {
    defs.push({
      labels: { job: 'syslog', host, filename: '/var/log/syslog' }, weight: 1.5,
      line: (r, d, pick) => {
        const at = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
        const pid = 100 + Math.floor(r() * 64900);
        const port = 1024 + Math.floor(r() * 64511);
        switch (pick(['sshfail', 'sshfail', 'sshfail', 'sshok', 'sshok', 'login', 'login', 'cron', 'cron', 'cron', 'kernel'])) {
          case 'sshfail': return `${at} ${host} sshd[${pid}]: Failed password for invalid user ${pick(['admin', 'root', 'test'])} from ${pick(IPS)} port ${port} ssh2`;
          case 'sshok': return `${at} ${host} sshd[${pid}]: Accepted publickey for deploy from ${pick(IPS)} port ${port} ssh2`;
          case 'login': return `${at} ${host} login[${pid}]: FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', failed password login`;
          case 'cron': return `${at} ${host} CRON[${pid}]: (root) CMD (run-parts /etc/cron.hourly)`;
          default: return `${at} ${host} kernel: [${(r() * 100000).toFixed(6)}] eth0: link up, 1000 Mbps full duplex`;
        }
      },
    });
  }
  defs.push({
    labels: { app: 'worker', env: 'production', job: 'worker' }, weight: 1.5,
    line: (r, d, pick) => {
      const x = r();
      const job = 1 + Math.floor(r() * 500);
      if (x < 6 / 11) return `\u001b[32mINFO\u001b[0m job=${job} queue=${pick(['emails', 'reports'])} done in ${5 + Math.floor(r() * 895)}ms`;
      if (x < 8 / 11) return `\u001b[31mERROR\u001b[0m job=${job} queue=${pick(['emails', 'reports'])} failed after ${1 + Math.floor(r() * 5)} retries: ${pick(['timeout', 'connection reset', 'disk full'])}`;
      if (x < 9 / 11) return pick(['Traceback (most recent call last):', '  File "/app/worker.py", line 42, in run', 'ValueError: invalid literal for int() with base 10: \'abc\'']);
      return `{"level": "${pick(['info', 'error'])}", "msg": "batch", "size": ${1 + Math.floor(r() * 100)}, "ratio": ${r().toFixed(3)}}`;
    },
  });
  defs.push({
    labels: { app: 'checkout', env: 'production', job: 'checkout' }, weight: 2,
    metadata: (r, pick) => [['trace_id', Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0') + Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')], ['pod', `checkout-${pick(['a1', 'b2', 'c3'])}`]],
    line: (r) => {
      const failed = r() < 0.15;
      return `level=${failed ? 'error' : 'info'} msg="${failed ? 'charge failed' : 'order placed'}" order_id=${10000 + Math.floor(r() * 90000)} amount=${(r() * 500).toFixed(2)}`;
    },
  });
  return defs;
}

/**
 * The base lines: `count` entries, each of a stream drawn by weight, made at a time spread over one hour.
 * Returns { streams: [{ labels }], entries: [{ stream, line, bytes, sm? }] }.
 */
export function baseLines(count = 200_000, seed = 1) {
  const r = random(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const defs = streamDefs();
  const total = defs.reduce((s, d) => s + d.weight, 0);
  const cumulative = [];
  let acc = 0;
  for (const d of defs) cumulative.push((acc += d.weight / total));
  const t0 = Date.UTC(2026, 10, 20);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    let stream = cumulative.findIndex((c) => x < c);
    if (stream < 0) stream = defs.length - 1;
    const def = defs[stream];
    const line = def.line(r, new Date(t0 + Math.floor((i * 3600e3) / count)), pick);
    const e = { stream, line, bytes: Buffer.byteLength(line) };
    if (def.metadata) e.sm = def.metadata(r, pick);
    entries.push(e);
  }
  return { streams: defs.map((d) => ({ labels: d.labels })), entries };
}

/** Entry i of an n-line run over `hours` from startNs: a strictly increasing timestamp (ns, bigint). */
export function timestampOf(i, n, startNs, hours) {
  return startNs + BigInt(Math.floor((i * hours * 3600e9) / n));
}
