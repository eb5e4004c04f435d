export { quoteGo, unquoteGo, QuoteError } from './go-quote.js';
export { type LabelPair, LabelsParseError, parseLabelString, sortLabels, formatLabels, formatLabelRecord, labelsJSON } from './labels.js';
export { parseRFC3339Nano, formatRFC3339Nano, formatRFC3339 } from './time.js';
export { type PushEntry, type PushStream, PushDecodeError, decodePushJSON, encodePushJSON, parsePushLabels } from './push.js';
export { decodePushProtobuf, decodePushSnappyProtobuf, encodePushProtobuf, encodePushSnappyProtobuf } from './push-proto.js';
export { type RemoteWriteSample, type RemoteWriteSeries, encodeRemoteWrite } from './remote-write-proto.js';
export { closestName } from './closest-name.js';
export { type FlagSpec, FlagError, parseGoFlags, goFlagUsage } from './go-flags.js';
export { type ListenHints, listenFailureLine } from './listen-failure.js';
