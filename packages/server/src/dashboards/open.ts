// The dashboards service of `logi serve`: the built-in board and the configured providers, then the saved ones, and
// the data sources their panels query.
import { join } from 'node:path';
import type { Config } from '../app/config.js';
import type { Route } from '../app/routes.js';
import { dashboardRoutes } from './api.js';
import { dataSourceRoutes, readDataSources } from './datasources.js';
import { BUILTIN_PROVISIONING, readProvisioning } from './provisioning.js';
import { DashboardStore } from './store.js';

export function openDashboards(config: Config): Route[] {
  const provisioned = [BUILTIN_PROVISIONING, ...config.dashboardsProvisioning].flatMap(readProvisioning);
  return [
    ...dashboardRoutes(new DashboardStore(join(config.pathPrefix, 'dashboards'), provisioned)),
    ...dataSourceRoutes(readDataSources(config.datasourcesProvisioning), config.limits.queryTimeoutMs),
  ];
}
