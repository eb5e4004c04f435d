// The panel types Logi draws, as the panel editor offers them, and those that show one value per series.
export const PANEL_TYPES = ['timeseries', 'barchart', 'piechart', 'stat', 'gauge', 'bargauge', 'table', 'logs', 'text'];

/** Types that reduce each series to one value (reduceOptions.calcs). */
export const VALUE_PANEL_TYPES: ReadonlySet<string> = new Set(['stat', 'gauge', 'bargauge', 'piechart', 'barchart']);
