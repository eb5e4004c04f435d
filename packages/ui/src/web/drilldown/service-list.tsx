// Drilldown's start page: every service (service_name) of the range, largest volume first, each with its lines per
// step as a sparkline and its count; a service opens its own page.
import { useState } from 'preact/hooks';
import type { ResolvedRange } from '../shell/time-range.js';
import { serviceVolumes } from '../api/drilldown.js';
import { formatBytes } from '../shell/bytes.js';
import { Link } from '../shell/link.js';
import { selectorOf } from './explore-link.js';
import { viewPath, type DrilldownTime } from './route.js';
import { Sparkline, total } from './sparkline.js';
import { loadStatus, useLoad } from './use-load.js';
import { levelSeries, sparklineStep, volumeBy } from './volume-query.js';

function ServiceRow({ service, volumeBytes, range, time }: { service: string; volumeBytes: number; range: ResolvedRange; time: DrilldownTime }) {
  const volume = useLoad((signal) => volumeBy(selectorOf({ name: 'service_name', value: service }), 'detected_level', range, signal), [service, range]);
  const series = volume.state === 'done' ? levelSeries(volume.data) : [];
  return (
    <li class="service" data-service={service}>
      <Link to={viewPath({ kind: 'service', primary: { name: 'service_name', value: service }, tab: 'logs' }, time)} class="service-name">{service}</Link>
      <span class="service-count">{volume.state === 'done' ? `${series.reduce((n, s) => n + total(s.samples), 0).toLocaleString('en-US')} lines` : '…'}</span>
      <span class="muted">{formatBytes(volumeBytes)}</span>
      {volume.state === 'error' ? <span class="error-text">{volume.message}</span> : <Sparkline series={series} range={range} stepSec={sparklineStep(range)} />}
    </li>
  );
}

export function ServiceList({ range, time }: { range: ResolvedRange; time: DrilldownTime }) {
  const [search, setSearch] = useState('');
  const services = useLoad((signal) => serviceVolumes(range, search.trim(), signal), [range, search.trim()]);
  return (
    <>
      <input class="service-search" type="search" placeholder="Search services" aria-label="Search services" value={search}
        onInput={(e) => setSearch(e.currentTarget.value)} />
      {loadStatus(services, 'services') ?? (services.state === 'done' && (services.data.length === 0
        ? <div class="empty">{search.trim() ? `No service's name matches ${search.trim()}.` : 'No services have logs in this time range.'}</div>
        : (
          <ul class="service-list">
            {services.data.map((s) => <ServiceRow key={s.service} service={s.service} volumeBytes={s.bytes} range={range} time={time} />)}
          </ul>
        )))}
    </>
  );
}
