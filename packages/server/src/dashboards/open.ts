// The dashboards service of `logi serve`: the built-in board and the configured providers, then the saved ones, the
// library panels they name, and the data sources their panels query.
import { join } from 'node:path';
import type { Config } from '../app/config.js';
import type { Route } from '../app/routes.js';
import { dashboardAnswer, dashboardRoutes } from './api.js';
import { dataSourceRoutes, readDataSources } from './datasources.js';
import { libraryElementRoutes } from './library-api.js';
import { LibraryElementStore } from './library-store.js';
import { BUILTIN_PROVISIONING, readProvisioning } from './provisioning.js';
import { DashboardStore } from './store.js';

export interface OpenDashboards {
  routes: Route[];
  /** GET /api/dashboards/uid/<uid>'s body, for the web UI's page of that board */
  answer(uid: string): unknown;
}

export function openDashboards(config: Config): OpenDashboards {
  const provisioned = [BUILTIN_PROVISIONING, ...config.dashboardsProvisioning].flatMap(readProvisioning);
  const dashboards = new DashboardStore(join(config.pathPrefix, 'dashboards'), provisioned);
  return {
    routes: [
      ...dashboardRoutes(dashboards),
      ...libraryElementRoutes(new LibraryElementStore(join(config.pathPrefix, 'library-elements')), dashboards),
      ...dataSourceRoutes(readDataSources(config.datasourcesProvisioning), config.limits.queryTimeoutMs),
    ],
    answer: (uid) => dashboardAnswer(dashboards, uid),
  };
}
