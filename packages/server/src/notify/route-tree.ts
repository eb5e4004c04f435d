// Which routes an alert takes, as Alertmanager's Route.Match: depth first, a child that matches ends
// the search among its siblings unless it has `continue`; a route no child of which matches is the
// alert's route.
import { matchesAll } from './matchers.js';
import type { RouteConfig } from './notification-config.js';

export interface MatchedRoute {
  route: RouteConfig;
  /** Alertmanager's route key: the matchers from the root down, as `{}/{severity="page"}` */
  key: string;
}

const matchersText = (r: RouteConfig): string => `{${r.matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(',')}}`;

function matchFrom(r: RouteConfig, parentKey: string, labels: Readonly<Record<string, string>>): MatchedRoute[] {
  if (!matchesAll(r.matchers, labels)) return [];
  const key = parentKey ? `${parentKey}/${matchersText(r)}` : matchersText(r);
  const out: MatchedRoute[] = [];
  for (const child of r.routes) {
    const found = matchFrom(child, key, labels);
    out.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return out.length > 0 ? out : [{ route: r, key }];
}

export const matchRoutes = (root: RouteConfig, labels: Readonly<Record<string, string>>): MatchedRoute[] => matchFrom(root, '', labels);
