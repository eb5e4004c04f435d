// Drilldown's start page: every service (service_name) of the range, largest volume first, each with its lines per
// step as a sparkline and its count; a service opens its own page.
import type { ResolvedRange } from '../shell/time-range.js';
import { serviceVolumes } from '../api/drilldown.js';
import { formatBytes } from '../shell/bytes.js';
import { Link } from '../shell/link.js';
import { serviceSelector } from './explore-link.js';
import { viewPath, type DrilldownTime } from './route.js';
import { Sparkline, summed, total } from './sparkline.js';
import { loadStatus, useLoad } from './use-load.js';
import { sparklineStep, volumeBy } from './volume-query.js';

function ServiceRow({ service, volumeBytes, range, time }: { service: string; volumeBytes: number; range: ResolvedRange; time: DrilldownTime }) {
  const volume = useLoad((signal) => volumeBy(serviceSelector(service), 'detected_level', range, signal), [service, range]);
  const samples = volume.state === 'done' ? summed(volume.data) : [];
  return (
    <li class="service" data-service={service}>
      <Link to={viewPath({ kind: 'service', service, tab: 'logs' }, time)} class="service-name">{service}</Link>
      <span class="service-count">{volume.state === 'done' ? `${total(samples).toLocaleString('en-US')} lines` : '…'}</span>
      <span class="muted">{formatBytes(volumeBytes)}</span>
      {volume.state === 'error' ? <span class="error-text">{volume.message}</span> : <Sparkline samples={samples} range={range} stepSec={sparklineStep(range)} />}
    </li>
  );
}

export function ServiceList({ range, time }: { range: ResolvedRange; time: DrilldownTime }) {
  const services = useLoad((signal) => serviceVolumes(range, signal), [range]);
  if (services.state !== 'done') return loadStatus(services, 'services');
  if (services.data.length === 0) return <div class="empty">No services have logs in this time range.</div>;
  return (
    <ul class="service-list">
      {services.data.map((s) => <ServiceRow key={s.service} service={s.service} volumeBytes={s.bytes} range={range} time={time} />)}
    </ul>
  );
}
