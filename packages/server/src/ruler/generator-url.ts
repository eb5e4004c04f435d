// An alert's generatorURL: Explore (Logi's, or Grafana's: the same URL format) with the rule's expression
// over the last hour, as Loki builds it when ruler.datasource_uid is set.

export function explorePath(expr: string, datasourceUid: string): string {
  const pane = {
    datasource: datasourceUid,
    queries: [{ refId: 'A', expr, queryType: 'range', datasource: { type: 'loki', uid: datasourceUid }, editorMode: 'code' }],
    range: { from: 'now-1h', to: 'now' },
  };
  return `/explore?${new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify({ default: pane }), orgId: '1' })}`;
}
