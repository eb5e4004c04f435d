// The same log list in lit (lit-html templates, no decorators so esbuild needs no other compiler).
import { html, render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

const list = (rows) => html`<div class="logs">${repeat(rows, (r) => r.id, (r) => html`<div class="row"><span class="time">${r.time}</span><span class="level ${r.level}">${r.level}</span><span class="line">${r.line}</span></div>`)}</div>`;

window.renderRows = (rows) => render(list(rows), document.getElementById('app'));
