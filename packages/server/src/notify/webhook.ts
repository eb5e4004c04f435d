// A plain webhook: Alertmanager's webhook payload (version 4) posted as JSON, as notify/webhook does;
// max_alerts > 0 cuts the alerts list and says how many were left out.
import type { MessageData } from './message-data.js';
import type { WebhookConfig } from './notification-config.js';
import { postJson } from './post-json.js';

export function webhookPayload(d: MessageData, groupKey: string, maxAlerts: number): Record<string, unknown> {
  const truncated = maxAlerts > 0 ? Math.max(0, d.alerts.length - maxAlerts) : 0;
  // the value is Logi's own addition to each alert; Alertmanager's payload has no such field
  const alerts = (truncated ? d.alerts.slice(0, maxAlerts) : d.alerts).map(({ value: _value, ...a }) => a);
  return {
    receiver: d.receiver, status: d.status, alerts,
    groupLabels: d.groupLabels, commonLabels: d.commonLabels, commonAnnotations: d.commonAnnotations, externalURL: d.externalURL,
    version: '4', groupKey, truncatedAlerts: truncated,
  };
}

export const sendWebhook = (c: WebhookConfig, d: MessageData, groupKey: string, timeoutMs: number): Promise<void> =>
  postJson(c.url, webhookPayload(d, groupKey, c.maxAlerts), timeoutMs);
