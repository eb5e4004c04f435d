// What every receiver's message is made of: Alertmanager's template data (receiver, status, alerts,
// groupLabels, commonLabels, commonAnnotations, externalURL), built from one notification.
import type { Notification } from './dispatcher.js';

export interface MessageAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  value: number;
}

export interface MessageData {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: MessageAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
}

/** A label set's fingerprint: FNV-1a 64 over the sorted names and values, in hex as Alertmanager shows it. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  let h = 0xcbf29ce484222325n;
  const bytes = Buffer.from(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}\xff${v}\xff`).join(''));
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** The pairs every alert has alike. */
function common(sets: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = sets;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((s) => s[k] === v)));
}

export function messageData(n: Notification, externalURL: string): MessageData {
  const alerts: MessageAlert[] = n.alerts.map((a) => ({
    status: a.status, labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: a.endsAt,
    generatorURL: a.generatorURL, fingerprint: fingerprint(a.labels), value: a.value,
  }));
  return {
    receiver: n.receiver,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: n.groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
  };
}

/** Alertmanager's default title: `[FIRING:2] alertname (group label values)`. */
export function messageTitle(d: MessageData): string {
  const firing = d.alerts.filter((a) => a.status === 'firing').length;
  const values = Object.entries(d.groupLabels).filter(([k]) => k !== 'alertname').sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const name = d.groupLabels.alertname ?? d.commonLabels.alertname ?? '';
  return `[${d.status.toUpperCase()}${d.status === 'firing' ? `:${firing}` : ''}] ${name}${values.length ? ` (${values.join(' ')})` : ''}`.trim();
}
