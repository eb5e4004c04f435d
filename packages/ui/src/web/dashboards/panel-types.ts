// The panel types Logi draws, as the panel editor offers them.
export const PANEL_TYPES = ['timeseries', 'barchart', 'piechart', 'stat', 'gauge', 'bargauge', 'table', 'logs', 'text'];
