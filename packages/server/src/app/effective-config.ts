import YAML from 'yaml';
import type { Config } from './config.js';
import { formatConfigDuration as dur } from './units.js';

/**
 * The config Logi runs with, as a Loki YAML file (Loki's key names and units) for -print-config-stderr:
 * every key Logi honours, whether it came from the defaults, the file or a flag. It loads back unchanged.
 */
export function effectiveConfigYaml(c: Config): string {
  const l = c.limits;
  const mb = (bytes: number): number => bytes / (1024 * 1024);
  return YAML.stringify({
    auth_enabled: c.authEnabled,
    server: {
      http_listen_address: c.server.httpListenAddress,
      http_listen_port: c.server.httpListenPort,
      http_server_read_timeout: dur(c.server.readTimeoutMs),
      http_server_idle_timeout: dur(c.server.idleTimeoutMs),
      http_listen_conn_limit: c.server.connLimit,
      graceful_shutdown_timeout: dur(c.server.gracefulShutdownTimeoutMs),
      http_path_prefix: c.server.httpPathPrefix,
    },
    common: {
      path_prefix: c.pathPrefix,
      storage: { filesystem: { chunks_directory: c.chunksDirectory, rules_directory: c.rulesDirectory } },
    },
    ingester: {
      chunk_target_size: c.ingester.chunkTargetSize,
      chunk_block_size: c.ingester.chunkBlockSize,
      chunk_idle_period: dur(c.ingester.chunkIdlePeriodMs),
      max_chunk_age: dur(c.ingester.maxChunkAgeMs),
    },
    limits_config: {
      ingestion_rate_mb: mb(l.ingestionRateBytes),
      ingestion_burst_size_mb: mb(l.ingestionBurstBytes),
      per_stream_rate_limit: l.perStreamRateBytes,
      per_stream_rate_limit_burst: l.perStreamBurstBytes,
      max_label_names_per_series: l.maxLabelNamesPerSeries,
      max_label_name_length: l.maxLabelNameLength,
      max_label_value_length: l.maxLabelValueLength,
      max_line_size: l.maxLineSize,
      max_line_size_truncate: l.maxLineSizeTruncate,
      reject_old_samples: l.rejectOldSamples,
      reject_old_samples_max_age: dur(l.rejectOldSamplesMaxAgeMs),
      creation_grace_period: dur(l.creationGracePeriodMs),
      allow_structured_metadata: l.allowStructuredMetadata,
      max_structured_metadata_size: l.maxStructuredMetadataSize,
      max_structured_metadata_entries_count: l.maxStructuredMetadataEntries,
      max_global_streams_per_user: l.maxGlobalStreamsPerUser,
      max_entries_limit_per_query: l.maxEntriesLimitPerQuery,
      max_query_series: l.maxQuerySeries,
      max_query_length: dur(l.maxQueryLengthMs),
      query_timeout: dur(l.queryTimeoutMs),
      max_query_parallelism: l.maxQueryParallelism,
      retention_period: dur(l.retentionPeriodMs),
      retention_stream: l.retentionStream.map((r) => ({ selector: r.selector, priority: r.priority, period: dur(r.periodMs) })),
      discover_service_name: l.discoverServiceName,
      discover_log_levels: l.discoverLogLevels,
      deletion_mode: l.deletionMode,
    },
    compactor: {
      retention_enabled: c.compactor.retentionEnabled,
      delete_request_cancel_period: dur(c.compactor.deleteRequestCancelPeriodMs),
      delete_max_interval: dur(c.compactor.deleteMaxIntervalMs),
      compaction_interval: dur(c.compactor.compactionIntervalMs),
    },
    logi: { compactor: { compaction_min_pieces: c.compactor.compactionMinPieces } },
    runtime_config: { file: c.runtimeConfig.file, period: dur(c.runtimeConfig.periodMs) },
    pattern_ingester: {
      enabled: c.patternIngester.enabled,
      max_clusters: c.patternIngester.maxClusters,
      max_allowed_line_length: c.patternIngester.maxAllowedLineLength,
      retain_for: dur(c.patternIngester.retainForMs),
      max_chunk_age: dur(c.patternIngester.maxChunkAgeMs),
      pattern_sample_interval: dur(c.patternIngester.sampleIntervalMs),
    },
    frontend: { max_outstanding_per_tenant: c.frontend.maxOutstandingPerTenant },
    querier: { max_concurrent: c.querier.maxConcurrent },
    // alertmanager_client and remote_write's clients are left out: they hold credentials
    ruler: {
      storage: { type: 'local', local: { directory: c.ruler.localDirectory } },
      evaluation_interval: dur(c.ruler.evaluationIntervalMs),
      poll_interval: dur(c.ruler.pollIntervalMs),
      alertmanager_url: c.ruler.alertmanagerUrls.join(','),
      notification_queue_capacity: c.ruler.notificationQueueCapacity,
      notification_timeout: dur(c.ruler.notificationTimeoutMs),
      resend_delay: dur(c.ruler.resendDelayMs),
      for_outage_tolerance: dur(c.ruler.forOutageToleranceMs),
      external_url: c.ruler.externalUrl,
      external_labels: c.ruler.externalLabels,
      datasource_uid: c.ruler.datasourceUid,
      enable_api: c.ruler.enableApi,
      remote_write: { enabled: c.ruler.remoteWrite.enabled, add_org_id_header: c.ruler.remoteWrite.addOrgIdHeader },
    },
  });
}
