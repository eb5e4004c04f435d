// Silences (/alerting/silences), on Logi's Alertmanager-compatible silence API: the list with each silence's state,
// matchers, time range and author, expiring one, and a form that creates one from now for a duration.
import { useState } from 'preact/hooks';
import { useLocation } from '../shell/router.js';
import { formatDateTime } from '../shell/time-range.js';
import { AlertingHeader } from './alerting-header.js';
import { ApiError, createSilence, expireSilence, fetchSilences, type Silence } from './alerting-api.js';
import { formatSpan, parsePromDuration } from './durations.js';
import { formatMatcher, parseMatchers } from './silence-matchers.js';
import { usePoll } from './use-poll.js';
import './alerting.css';

/** Silences belong to Logi's own notifications; without them the API is not served (404). */
async function loadSilences(): Promise<Silence[] | 'not-configured'> {
  try {
    return await fetchSilences();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return 'not-configured';
    throw e;
  }
}

function SilenceForm({ initialMatchers, onCreated }: { initialMatchers: string; onCreated(): void }) {
  const [matchers, setMatchers] = useState(initialMatchers);
  const [duration, setDuration] = useState('2h');
  const [comment, setComment] = useState('');
  const [createdBy, setCreatedBy] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    const ms = parsePromDuration(duration);
    if (ms === undefined || ms === 0) { setError(`duration “${duration}” is not one like 30m, 2h or 1d`); return; }
    let parsed;
    try { parsed = parseMatchers(matchers); } catch (err) { setError((err as Error).message); return; }
    setSaving(true);
    try {
      const now = Date.now();
      await createSilence({ matchers: parsed, startsAt: new Date(now).toISOString(), endsAt: new Date(now + ms).toISOString(), createdBy: createdBy.trim() || 'logi-ui', comment });
      setMatchers('');
      setComment('');
      onCreated();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="silence-form" onSubmit={(e) => void submit(e)}>
      <h2>New silence</h2>
      <label>Matchers<input name="matchers" placeholder='alertname="HighErrors", service=~"api|web"' value={matchers} onInput={(e) => setMatchers(e.currentTarget.value)} /></label>
      <div class="form-row">
        <label>Duration<input name="duration" value={duration} onInput={(e) => setDuration(e.currentTarget.value)} /></label>
        <label>Created by<input name="createdBy" placeholder="you" value={createdBy} onInput={(e) => setCreatedBy(e.currentTarget.value)} /></label>
      </div>
      <label>Comment<input name="comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} /></label>
      {error && <div class="form-error" role="alert">{error}</div>}
      <button type="submit" class="toolbar-button primary" disabled={saving}>Create silence</button>
    </form>
  );
}

function SilenceRow({ s, nowMs, onExpire }: { s: Silence; nowMs: number; onExpire(): void }) {
  const ends = Date.parse(s.endsAt);
  return (
    <tr class="silence" data-id={s.id} data-state={s.status.state}>
      <td><span class={`state-badge ${s.status.state}`}>{s.status.state}</span></td>
      <td class="matchers"><span class="label-chips">{s.matchers.map((m) => <span class="label-chip" key={formatMatcher(m)}>{formatMatcher(m)}</span>)}</span></td>
      <td>{formatDateTime(Date.parse(s.startsAt), false)} → {formatDateTime(ends, false)}
        {s.status.state !== 'expired' && <span class="muted"> (ends in {formatSpan(ends - nowMs)})</span>}</td>
      <td>{s.createdBy}{s.comment && <span class="muted">: {s.comment}</span>}</td>
      <td>{s.status.state !== 'expired' && <button class="toolbar-button expire" onClick={onExpire}>Expire</button>}</td>
    </tr>
  );
}

export function Silences() {
  const { search } = useLocation();
  const silences = usePoll(loadSilences, 10_000);
  const [error, setError] = useState<string | undefined>();
  const expire = (id: string): void => {
    setError(undefined);
    expireSilence(id).then(silences.reload, (e: unknown) => setError((e as Error).message));
  };
  const list = silences.data;
  const nowMs = Date.now();
  return (
    <div class="alerting">
      <AlertingHeader current="silences" />
      {list === 'not-configured' ? (
        <p class="muted">Silences hold back Logi's own notifications (Slack, e-mail, webhooks), which are not configured on this
          server: set <code>logi.ruler.notification_config_file</code>. With an Alertmanager, silence alerts there.</p>
      ) : (
        <div class="silences">
          <SilenceForm initialMatchers={search.get('matchers') ?? ''} onCreated={silences.reload} />
          {(silences.error || error) && <div class="panel-error" role="alert">{silences.error ?? error}</div>}
          {!list && !silences.error && <div class="loading">Loading silences…</div>}
          {list && list.length === 0 && <p class="muted">No silences.</p>}
          {list && list.length > 0 && (
            <table class="silences-table">
              <thead><tr><th>State</th><th>Matchers</th><th>Time</th><th>Created by</th><th /></tr></thead>
              <tbody>{list.map((s) => <SilenceRow key={s.id} s={s} nowMs={nowMs} onExpire={() => expire(s.id)} />)}</tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
