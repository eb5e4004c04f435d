// What the dashboard tests read back from a real server: a dashboard's JSON as Grafana's API gives it.

/** GET /api/dashboards/uid/<uid>'s dashboard. */
export async function storedDashboard(base: string, uid: string): Promise<Record<string, any>> {
  const r = await fetch(`${base}/api/dashboards/uid/${uid}`);
  return ((await r.json()) as { dashboard: Record<string, any> }).dashboard;
}
