// A log list of N rows in Preact, as the UI draws it: time, level, line.
import { render } from 'preact';

function LogList({ rows }) {
  return <div class="logs">{rows.map((r) => <div class="row" key={r.id}><span class="time">{r.time}</span><span class={`level ${r.level}`}>{r.level}</span><span class="line">{r.line}</span></div>)}</div>;
}

window.renderRows = (rows) => render(<LogList rows={rows} />, document.getElementById('app'));
