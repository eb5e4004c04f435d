// Grafana's dashboard slug: the title lower-cased, runs of anything but letters and digits turned into one '-'.
// Grafana keeps non-Latin letters as they are; a title with nothing left falls back to its URL-encoding, as Grafana's.

export function slugify(title: string): string {
  const slug = title.toLowerCase().trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return slug || encodeURIComponent(title.trim()).toLowerCase();
}

/** The path a dashboard opens at: Grafana's /d/<uid>/<slug>. */
export function dashboardUrl(uid: string, title: string): string {
  return `/d/${uid}/${slugify(title)}`;
}
