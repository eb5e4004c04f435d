export { Agent, type AgentOptions, DEFAULT_BUFFER_BYTES } from './agent.js';
export { loadConfigFile, validate } from './config/load.js';
export { loadAlloy } from './config/alloy/alloy.js';
export { ConfigError } from './config/error.js';
export type { AgentConfig, SourceConfig, ProcessConfig, WriteConfig, EndpointConfig, FileTarget } from './config/model.js';
