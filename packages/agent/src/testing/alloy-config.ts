/**
 * Alloy config text that tails `glob` (label job=`job`) and sends to `url` with a 100 ms batch_wait;
 * `sourceExtra` and `endpointExtra` are more attribute lines for loki.source.file and the endpoint.
 */
export function tailToUrlConfig(o: { glob: string; job: string; url: string; sourceExtra?: string; endpointExtra?: string }): string {
  return `
local.file_match "m" {
  path_targets = [{"__path__" = "${o.glob}", job = "${o.job}"}]
}
loki.source.file "s" {
  targets    = local.file_match.m.targets
  forward_to = [loki.write.w.receiver]
  ${o.sourceExtra ?? ''}
}
loki.write "w" {
  endpoint {
    url        = "${o.url}"
    batch_wait = "100ms"
    ${o.endpointExtra ?? ''}
  }
}`;
}
