// The tenant the UI sends as X-Scope-OrgID when the server runs with auth_enabled, kept in the browser.
import { useEffect, useState } from 'preact/hooks';

const KEY = 'logi.tenant';
const listeners = new Set<() => void>();
let needed = false;

export function currentTenant(): string {
  return localStorage.getItem(KEY) ?? '';
}

export function setTenant(tenant: string): void {
  if (tenant) localStorage.setItem(KEY, tenant);
  else localStorage.removeItem(KEY);
  needed = needed && !tenant;
  listeners.forEach((l) => l());
}

/** Called when the server answered 401 `no org id`: the top bar then asks for a tenant. */
export function markTenantNeeded(): void {
  needed = true;
  listeners.forEach((l) => l());
}

export function useTenant(): { tenant: string; needed: boolean } {
  const [, redraw] = useState(0);
  useEffect(() => {
    const update = (): void => redraw((n) => n + 1);
    listeners.add(update);
    return () => { listeners.delete(update); };
  }, []);
  return { tenant: currentTenant(), needed };
}
