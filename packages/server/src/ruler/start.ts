// Builds the ruler from the config: its notifier, its remote writer, its queries through the querier, and its routes.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Config, Limits } from '../app/config.js';
import type { Route } from '../app/routes.js';
import type { QueryAdmission } from '../frontend/query-admission.js';
import type { Querier } from '../querier/querier.js';
import { rulesConfigHandler } from './config-api.js';
import { rulerInstantQuery } from './instant-query.js';
import { createNotifications, type NotificationService } from '../notify/start.js';
import { Notifier } from './notifier.js';
import { prometheusAlertsHandler, prometheusRulesHandler } from './prometheus-api.js';
import { remoteWriteTargets } from './remote-write-config.js';
import { RemoteWriter } from './remote-write.js';
import { Ruler } from './ruler.js';

export interface RulerService {
  ruler: Ruler;
  notifier: Notifier;
  /** Logi's own receivers, when logi.ruler.notification_config_file is set */
  notifications: NotificationService | undefined;
  routes: Route[];
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Where alerts link back to: ruler.external_url, or this server's own address. */
function externalURL(config: Config): string {
  if (config.ruler.externalUrl) return config.ruler.externalUrl;
  const addr = config.server.httpListenAddress;
  const host = addr === '' || addr === '0.0.0.0' || addr === '::' ? hostname() : addr.includes(':') ? `[${addr}]` : addr;
  return `http://${host}:${config.server.httpListenPort}`;
}

export function createRuler(config: Config, querier: Querier, limitsFor: (tenant: string) => Limits, admission: QueryAdmission): RulerService {
  const rc = config.ruler;
  const url = externalURL(config);
  const notifications = rc.notifications
    ? createNotifications({ config: rc.notifications, dataDirectory: config.pathPrefix, externalURL: url, timeoutMs: rc.notificationTimeoutMs })
    : undefined;
  const notifier = new Notifier({ urls: rc.alertmanagerUrls, client: rc.alertmanagerClient, queueCapacity: rc.notificationQueueCapacity, timeoutMs: rc.notificationTimeoutMs });
  const remoteWriter = new RemoteWriter(remoteWriteTargets(rc.remoteWrite), rc.remoteWrite.addOrgIdHeader);
  const ruler = new Ruler(
    {
      rulesDirectory: rc.localDirectory || config.rulesDirectory, stateFile: join(config.pathPrefix, 'ruler', 'alerts.json'),
      evaluationIntervalMs: rc.evaluationIntervalMs, pollIntervalMs: rc.pollIntervalMs, outageToleranceMs: rc.forOutageToleranceMs,
    },
    {
      query: rulerInstantQuery(querier, limitsFor, admission),
      templates: { externalLabels: rc.externalLabels, externalURL: url },
      resendDelayMs: rc.resendDelayMs,
      datasourceUid: rc.datasourceUid || 'logi',
      notify: (alerts) => {
        notifier.send(alerts.map(({ value: _value, ...postable }) => postable));
        notifications?.send(alerts);
      },
      record: (tenant, samples) => remoteWriter.write(tenant, samples),
    },
  );
  const rules = rulesConfigHandler(ruler);
  const ALL = ['GET', 'POST', 'DELETE'];
  const routes: Route[] = [...notifications?.routes ?? [], ...!rc.enableApi ? [] : [
    { methods: ['GET'], path: '/prometheus/api/v1/rules', handler: prometheusRulesHandler(ruler) },
    { methods: ['GET'], path: '/prometheus/api/v1/alerts', handler: prometheusAlertsHandler(ruler) },
    ...['/loki/api/v1/rules', '/api/prom/rules'].flatMap((base): Route[] => [
      { methods: ['GET'], path: base, handler: rules },
      { methods: ALL, path: `${base}/:namespace`, handler: rules },
      { methods: ['GET', 'DELETE'], path: `${base}/:namespace/:group`, handler: rules },
    ]),
  ]];
  return {
    ruler, notifier, notifications, routes,
    start: () => ruler.start(),
    close: async () => {
      await ruler.close();
      await notifier.close();
      await remoteWriter.close();
      await notifications?.close();
    },
  };
}
