// The one line `logi serve` and `logi agent` print when they cannot listen, each naming its own flags.

export interface ListenHints {
  /** what to check or change when the address is taken */
  inUse: string;
  /** the flag that picks another port */
  otherPort: string;
  /** the flag that picks another address */
  otherAddress: string;
}

/** Why `where` ("listen HOST:PORT") cannot be listened on, and which flag changes it. */
export function listenFailureLine(where: string, e: NodeJS.ErrnoException, hints: ListenHints): string {
  switch (e.code) {
    case 'EADDRINUSE': return `${where}: address already in use; ${hints.inUse}`;
    case 'EACCES': return `${where}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); ${hints.otherPort}`;
    case 'EADDRNOTAVAIL': return `${where}: cannot assign requested address (not an address of this machine); ${hints.otherAddress}`;
    case 'ENOTFOUND': return `${where}: no such host; ${hints.otherAddress}`;
    default: return `${where}: ${e.message}`;
  }
}
