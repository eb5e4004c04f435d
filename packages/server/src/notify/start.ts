// Logi's own notifications, for teams without an Alertmanager: built when
// logi.ruler.notification_config_file names an Alertmanager-format file (read with the config). The ruler hands over its
// alerts; a ticker flushes the groups that are due; silences and the delivery status have their routes.
import { join } from 'node:path';
import { json, type Handler } from '../app/http.js';
import type { Route } from '../app/routes.js';
import { Deliveries } from './delivery.js';
import { Dispatcher, type IncomingAlert } from './dispatcher.js';
import type { NotificationConfig } from './notification-config.js';
import { NotificationLog } from './notification-log.js';
import { silenceHandler, silencesHandler } from './silence-api.js';
import { Silences } from './silences.js';

/** How often due groups are looked for: the finest group_wait/group_interval that is honoured. */
const TICK_MS = 200;
/** Alertmanager retries until the group's next flush; a fixed, growing series here (about a minute). */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000, 32_000];

export interface NotificationService {
  send(alerts: readonly IncomingAlert[]): void;
  routes: Route[];
  close(): Promise<void>;
}

export interface NotificationOptions {
  config: NotificationConfig;
  dataDirectory: string;
  externalURL: string;
  timeoutMs: number;
}

export function createNotifications(opts: NotificationOptions): NotificationService {
  const { config } = opts;
  const silences = new Silences(join(opts.dataDirectory, 'notify', 'silences.json'));
  const log = new NotificationLog(join(opts.dataDirectory, 'notify', 'notification-log.json'));
  const dispatcher = new Dispatcher(config, (labels, nowMs) => silences.isSilenced(labels, nowMs), log);
  const deliveries = new Deliveries(config, { externalURL: opts.externalURL, timeoutMs: opts.timeoutMs, retryDelaysMs: RETRY_DELAYS_MS });
  const flush = (): void => deliveries.deliver(dispatcher.flush(Date.now()));
  const ticker = setInterval(flush, TICK_MS);
  const status: Handler = () => Promise.resolve(json({ status: 'success', data: deliveries.status() }));
  return {
    send: (alerts) => {
      if (alerts.length === 0) return;
      dispatcher.receive(alerts, Date.now());
      flush();
    },
    routes: [
      { methods: ['GET', 'POST'], path: '/api/v2/silences', handler: silencesHandler(silences) },
      { methods: ['GET', 'DELETE'], path: '/api/v2/silence/:id', handler: silenceHandler(silences) },
      { methods: ['GET'], path: '/logi/api/v1/notifications', handler: status },
    ],
    close: async () => {
      clearInterval(ticker);
      await deliveries.close();
    },
  };
}
