// A page whose code is a chunk of its own, fetched when the page is first shown: Explore's editor (CodeMirror and the
// LogQL grammar's highlighting) is most of the bundle, and a dashboard, the home page, needs none of it.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  let page: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  return function LazyPage() {
    const [failure, setFailure] = useState<string>();
    const [, setLoaded] = useState(false);
    useEffect(() => {
      if (page) return;
      (loading ??= load()).then((p) => { page = p; setLoaded(true); }, (e: unknown) => {
        loading = undefined; // a later visit tries again
        setFailure(e instanceof Error ? e.message : String(e));
      });
    }, []);
    if (failure) return <div class="not-yet"><h1>This page could not be loaded</h1><p class="error-text">{failure}</p><p>Reload the page to try again.</p></div>;
    const Page = page;
    return Page ? <Page /> : null;
  };
}
