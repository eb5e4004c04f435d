// The tenant field of the top bar: shown once a tenant is set or the server asked for one (401 `no org id`);
// pages run their queries again when it changes.
import { useState } from 'preact/hooks';
import { setTenant, useTenant } from '../api/tenant.js';

export function TenantField() {
  const { tenant, needed } = useTenant();
  const [typed, setTyped] = useState(tenant);
  if (!tenant && !needed) return null;
  const save = (e: Event): void => {
    e.preventDefault();
    setTenant(typed.trim());
  };
  return (
    <form class={`tenant ${needed ? 'needed' : ''}`} onSubmit={save}>
      {needed && <span class="tenant-hint">This server needs a tenant (X-Scope-OrgID):</span>}
      <input aria-label="Tenant" placeholder="tenant" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      <button type="submit">{needed ? 'Use tenant' : 'Set'}</button>
    </form>
  );
}
