// Drain (He et al., ICWS 2017) as Loki's pattern ingester runs it (pkg/pattern/drain/drain.go): a fixed-depth prefix
// tree over a line's first tokens, its leaves holding clusters; a line joins the most similar cluster there (at least
// SIM_THRESHOLD of its tokens equal), whose differing tokens become placeholders, or starts a cluster of its own.
import { PatternSamples, type SampleTiming } from './samples.js';
import { collapsePlaceholders, PARAM, type LineTokenizer, type Tokenized } from './tokenizer.js';

// Loki's defaults (drain.DefaultConfig).
const TREE_DEPTH = 30 - 2;
const SIM_THRESHOLD = 0.3;
const MAX_CHILDREN = 15;
const MIN_TOKENS = 4;
const MAX_TOKENS = 80;
/** A stream evicting more than this share of the clusters it creates is churning: mining pauses for BLOCK_MS. */
const MAX_EVICTION_RATIO = 0.25;
const BLOCK_MS = 10 * 60_000;

export interface DrainOptions extends SampleTiming {
  /** pattern_ingester.max_clusters: clusters kept (least recently matched evicted first) */
  maxClusters: number;
}

export class Cluster {
  readonly samples = new PatternSamples();
  #pattern: string | undefined;

  constructor(readonly id: number, readonly tokens: Tokenized, private readonly tokenizer: LineTokenizer) {}

  get pattern(): string {
    this.#pattern ??= collapsePlaceholders(this.tokenizer.join(this.tokens));
    return this.#pattern;
  }

  /** Turns the tokens that differ from the line's into placeholders. */
  absorb(tokens: string[]): void {
    const mine = this.tokens.tokens;
    for (let i = 0; i < mine.length; i++) {
      if (mine[i] !== tokens[i] && mine[i] !== PARAM) {
        mine[i] = PARAM;
        this.#pattern = undefined;
      }
    }
  }
}

interface TreeNode { children: Map<string, TreeNode>; clusterIds: number[] }

const newNode = (): TreeNode => ({ children: new Map(), clusterIds: [] });
const HAS_NUMBER = /\p{N}/u;

export class Drain {
  /** The tree's first level: lines by token count. */
  readonly #byLength = new Map<number, TreeNode>();
  /** In recency order: the first is the least recently matched. */
  readonly #clusters = new Map<number, Cluster>();
  #nextId = 1;
  #created = 0;
  #evicted = 0;
  #blockedUntil = 0;

  constructor(private readonly tokenizer: LineTokenizer, private readonly opts: DrainOptions, private readonly now: () => number = Date.now) {}

  get clusters(): Iterable<Cluster> {
    return this.#clusters.values();
  }

  get clusterCount(): number {
    return this.#clusters.size;
  }

  /**
   * Clusters one line, counted as `weight` lines; the cluster it joined, or undefined when it is not mined (see
   * the tokenizer, token bounds, churn).
   */
  train(line: string, tsMs: number, weight = 1): Cluster | undefined {
    if (!this.#allow()) return undefined;
    const t = this.tokenizer.tokenize(line);
    if (!t || t.tokens.length < MIN_TOKENS || t.tokens.length > MAX_TOKENS) return undefined;
    let cluster = this.#search(t.tokens);
    if (cluster) {
      cluster.absorb(t.tokens);
      this.#touch(cluster);
    } else {
      cluster = new Cluster(this.#nextId++, t, this.tokenizer);
      this.#clusters.set(cluster.id, cluster);
      this.#addToTree(cluster);
      if (this.#clusters.size > this.opts.maxClusters) this.#evictOldest();
    }
    cluster.samples.add(tsMs, this.opts, weight);
    return cluster;
  }

  /** Drops the clusters with no sample left after `cutoffMs`, and the tree branches that led only to them. */
  pruneBefore(cutoffMs: number): void {
    for (const [id, c] of this.#clusters) if (c.samples.pruneBefore(cutoffMs)) this.#clusters.delete(id);
    for (const [length, node] of this.#byLength) if (this.#pruneNode(node) === 0) this.#byLength.delete(length);
  }

  #allow(): boolean {
    if (this.#blockedUntil !== 0) {
      if (this.now() < this.#blockedUntil) return false;
      this.#created = this.#evicted = this.#blockedUntil = 0;
    }
    if (this.#created > 0 && this.#evicted / this.#created > MAX_EVICTION_RATIO) {
      this.#blockedUntil = this.now() + BLOCK_MS;
      return false;
    }
    this.#created++;
    return true;
  }

  #touch(c: Cluster): void {
    this.#clusters.delete(c.id);
    this.#clusters.set(c.id, c);
  }

  #evictOldest(): void {
    this.#clusters.delete(this.#clusters.keys().next().value!);
    this.#evicted++;
  }

  #search(tokens: string[]): Cluster | undefined {
    let node = this.#byLength.get(tokens.length);
    if (!node) return undefined;
    for (let depth = 1; depth < TREE_DEPTH && depth < tokens.length; depth++) {
      node = node.children.get(tokens[depth - 1]!) ?? node.children.get(PARAM);
      if (!node) return undefined;
    }
    return this.#bestMatch(node.clusterIds, tokens);
  }

  /** The cluster sharing the most tokens with the line (ties: the one with more placeholders), if similar enough. */
  #bestMatch(ids: number[], tokens: string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const id of ids) {
      const c = this.#clusters.get(id);
      if (!c) continue;
      const mine = c.tokens.tokens;
      let same = 0;
      let params = 0;
      for (let i = 0; i < mine.length; i++) {
        if (mine[i] === PARAM) params++;
        else if (mine[i] === tokens[i]) same++;
      }
      const sim = same / mine.length;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) [best, bestSim, bestParams] = [c, sim, params];
    }
    return bestSim >= SIM_THRESHOLD ? best : undefined;
  }

  #addToTree(cluster: Cluster): void {
    const tokens = cluster.tokens.tokens;
    let node = this.#byLength.get(tokens.length);
    if (!node) this.#byLength.set(tokens.length, (node = newNode()));
    for (let depth = 1; ; depth++) {
      if (depth >= TREE_DEPTH || depth >= tokens.length) {
        node.clusterIds = node.clusterIds.filter((id) => this.#clusters.has(id));
        node.clusterIds.push(cluster.id);
        return;
      }
      node = this.#childFor(node, tokens[depth - 1]!);
    }
  }

  /**
   * The branch a new cluster's token takes: its own while the node has room, tokens with digits (likely variable)
   * and those beyond MAX_CHILDREN share the placeholder branch.
   */
  #childFor(node: TreeNode, token: string): TreeNode {
    const exact = node.children.get(token);
    if (exact) return exact;
    const param = node.children.get(PARAM);
    const n = node.children.size;
    let key: string | undefined;
    if (HAS_NUMBER.test(token)) key = param ? undefined : PARAM;
    else if (param) key = n < MAX_CHILDREN ? token : undefined;
    else key = n + 1 < MAX_CHILDREN ? token : PARAM;
    if (key === undefined) return param!;
    const child = newNode();
    node.children.set(key, child);
    return child;
  }

  /** Removes empty branches; how many children and live clusters the node keeps. */
  #pruneNode(node: TreeNode): number {
    for (const [key, child] of node.children) if (this.#pruneNode(child) === 0) node.children.delete(key);
    node.clusterIds = node.clusterIds.filter((id) => this.#clusters.has(id));
    return node.children.size + node.clusterIds.length;
  }
}
