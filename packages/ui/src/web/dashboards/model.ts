// The parts of Grafana's dashboard JSON model (schemaVersion 36 and later) that Logi reads. Everything else in a
// dashboard is kept as it came and ignored.

export interface GridPos { x: number; y: number; w: number; h: number }

/** A data source as panels and targets name it (Grafana also accepts its name as a bare string). */
export interface DataSourceRef { type?: string; uid?: string }

/** A panel's query: Loki's, or Prometheus's when its data source (or the panel's) is a Prometheus. */
export interface LokiTarget {
  refId?: string;
  expr?: string;
  /** 'range' (the default) or 'instant' */
  queryType?: string;
  /** Prometheus targets: an instant query */
  instant?: boolean;
  legendFormat?: string;
  maxLines?: number;
  hide?: boolean;
  datasource?: DataSourceRef | string | null;
}

export interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: GridPos;
  targets?: LokiTarget[];
  datasource?: DataSourceRef | string | null;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: FieldConfig; overrides?: Override[] };
  transformations?: Transformation[];
  /** a row's panels when it is collapsed */
  panels?: Panel[];
  collapsed?: boolean;
  /** Grafana's repeat: the variable whose selected values each get a copy of the panel (or row) */
  repeat?: string;
  /** 'h' (the default): copies side by side; 'v': stacked */
  repeatDirection?: 'h' | 'v';
  /** horizontal repeats: copies on one line at most (Grafana's default 4) */
  maxPerRow?: number;
  /** a library panel: the panel stored apart under this uid, drawn in place of this one */
  libraryPanel?: { uid: string; name?: string };
}

export interface ThresholdStep { color: string; value: number | null }

/** Grafana's field config, the parts that change what a panel shows. */
export interface FieldConfig {
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  displayName?: string;
  thresholds?: { mode?: 'absolute' | 'percentage'; steps?: ThresholdStep[] };
  color?: { mode?: string; fixedColor?: string };
  /** value mappings (value-mappings.ts) */
  mappings?: unknown[];
  custom?: { stacking?: { mode?: string; group?: string }; fillOpacity?: number; lineWidth?: number; [key: string]: unknown };
}

/** A field override: properties (`id` a FieldConfig key, `custom.<key>` for custom ones) for the fields matched. */
export interface Override {
  matcher: { id: string; options?: unknown };
  properties: Array<{ id: string; value?: unknown }>;
}

export interface Transformation { id: string; disabled?: boolean; options?: Record<string, unknown> }

export interface VariableOption {
  text: string;
  value: string;
  /** on the All option: the variable's custom all value (allValue), used as written instead of every value */
  allValue?: string;
}

export interface Variable {
  name: string;
  type: string;
  label?: string;
  /** a string for custom/textbox/constant/interval; for query variables a string or Grafana 10+'s object form
   * (Loki's: qryType, label, stream; Prometheus's: the text in query) */
  query?: string | { qryType?: number; label?: string; stream?: string; query?: string };
  /** query variables: the data source asked (Logi's Loki unless a Prometheus) */
  datasource?: DataSourceRef | string | null;
  definition?: string;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: VariableOption[];
  multi?: boolean;
  includeAll?: boolean;
  /** what All stands for when set (e.g. '.+'); otherwise every option's value */
  allValue?: string | null;
  /** query variables: '/pattern/flags' keeping the matching values (a group: the part kept) */
  regex?: string;
  /** query variables: 0 none, 1/2 alphabetical, 3/4 numerical, 5/6 ignoring case, 7/8 natural (odd: ascending) */
  sort?: number;
  /** 2: hidden */
  hide?: number;
}

/** An entry of the dashboard's annotations.list: Grafana's built-in one, a Loki query whose lines become markers, or a
 * Prometheus query whose series' active runs become regions. */
export interface AnnotationQuery {
  name: string;
  /** off: not queried, until switched on above the panels */
  enable?: boolean;
  /** true: no switch above the panels */
  hide?: boolean;
  iconColor?: string;
  datasource?: DataSourceRef | string | null;
  /** 1 on Grafana's "Annotations & Alerts" */
  builtIn?: number;
  expr?: string;
  /** Grafana 10+'s editor may keep the query as a target (Grafana 11's Prometheus one its step as interval) */
  target?: { expr?: string; interval?: string };
  /** Prometheus entries: the smallest step of the range query (Grafana's "Min step") */
  step?: string;
  /** Prometheus entries: each sample's value is the event's time in ms (Grafana's "Series value as timestamp") */
  useValueForTime?: boolean;
  maxLines?: number;
  /** {{label}} templates of the marker's title and text (the line when textFormat is unset) */
  titleFormat?: string;
  textFormat?: string;
  /** comma-separated label names whose values are the marker's tags */
  tagKeys?: string;
  /** the panels the markers are drawn on (by id), or kept off when exclude */
  filter?: { exclude?: boolean; ids?: number[] };
}

/** An entry of the dashboard's links: one URL, or the dashboards having every tag given. */
export interface DashboardLink {
  type: 'link' | 'dashboards' | string;
  title?: string;
  /** type link: where it goes (variables filled in) */
  url?: string;
  /** type link: Grafana's icon names: 'external link', 'dashboard', 'question', 'info', 'bolt', 'doc', 'cloud' */
  icon?: string;
  tooltip?: string;
  /** type dashboards: the tags a dashboard must all have to be listed */
  tags?: string[];
  /** type dashboards: listed in a menu under the title instead of one link each */
  asDropdown?: boolean;
  targetBlank?: boolean;
  /** the dashboard's variables added as var-<name> */
  includeVars?: boolean;
  /** the time range shown added as from and to */
  keepTime?: boolean;
}

export interface Dashboard {
  id?: number | null;
  uid: string;
  version?: number;
  schemaVersion?: number;
  title: string;
  panels?: Panel[];
  templating?: { list?: Variable[] };
  annotations?: { list?: AnnotationQuery[] };
  links?: DashboardLink[];
  time?: { from: string; to: string };
  refresh?: string | false;
  timezone?: string;
  tags?: string[];
}

export interface SearchHit { uid: string; title: string; url: string; tags: string[] }
