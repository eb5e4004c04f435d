// Tenant IDs become directory and file names. Loki restricts them to letters, digits and !-_.*'(), which
// encodeURIComponent leaves as they are; anything else (a '/', say) is escaped rather than trusted.
export function tenantDirName(tenant: string): string {
  if (tenant === '' || tenant === '.' || tenant === '..') throw new Error(`invalid tenant ID ${JSON.stringify(tenant)}`);
  return encodeURIComponent(tenant);
}

export function tenantFromDirName(name: string): string {
  return decodeURIComponent(name);
}
