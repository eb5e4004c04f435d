// The parts of Grafana's dashboard JSON model (schemaVersion 36 and later) that Logi reads. Everything else in a
// dashboard is kept as it came and ignored.

export interface GridPos { x: number; y: number; w: number; h: number }

export interface LokiTarget {
  refId?: string;
  expr?: string;
  /** 'range' (the default) or 'instant' */
  queryType?: string;
  legendFormat?: string;
  maxLines?: number;
  hide?: boolean;
}

export interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: GridPos;
  targets?: LokiTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: { unit?: string; decimals?: number }; overrides?: unknown[] };
  /** a row's panels when it is collapsed */
  panels?: Panel[];
  collapsed?: boolean;
}

export interface VariableOption { text: string; value: string }

export interface Variable {
  name: string;
  type: string;
  label?: string;
  /** a string for custom/textbox/constant/interval; for Loki query variables a string or Grafana 10+'s object form */
  query?: string | { qryType?: number; label?: string; stream?: string };
  definition?: string;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: VariableOption[];
  multi?: boolean;
  includeAll?: boolean;
  /** 2: hidden */
  hide?: number;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels?: Panel[];
  templating?: { list?: Variable[] };
  time?: { from: string; to: string };
  refresh?: string | false;
  timezone?: string;
  tags?: string[];
}

export interface SearchHit { uid: string; title: string; url: string; tags: string[] }
