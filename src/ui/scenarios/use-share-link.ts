import { useEffect, useEffectEvent } from 'react';
import { decodeShare, shareFragmentOf, type SharePayload } from '../share/codec';

/**
 * Opens the scenario of a `#s=…` link: the one the page was opened with, and any pasted into the address
 * bar later (which only changes the hash). A link that cannot be read is reported through `onError`.
 */
export function useShareLink(onPayload: (payload: SharePayload) => Promise<void>, onError: (message: string) => void): void {
  const opened = useEffectEvent(onPayload);
  const failed = useEffectEvent(onError);

  useEffect(() => {
    let live = true;
    const read = async () => {
      const encoded = shareFragmentOf(window.location.hash);
      if (encoded === null) return;
      const result = await decodeShare(encoded);
      if (!live) return;
      if (result.ok) await opened(result.payload);
      else failed(result.message);
    };
    const onHashChange = () => void read();
    void read();
    window.addEventListener('hashchange', onHashChange);
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);
}
