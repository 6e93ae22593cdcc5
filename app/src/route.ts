// The app's one route parameter: `?validator=<vote account>` opens that validator's page; the other
// query parameters (pool, rpc) stay as they are. Links change it without reloading the page.
import { useEffect, useState, type MouseEvent } from "react";

const EVENT = "lst-route";

export function hrefWith(name: string, value: string | null): string {
  const params = new URLSearchParams(location.search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

/** An `onClick` for a link made by `hrefWith`: a new history entry, no reload (a modified click
 * opens a tab as usual). */
export function follow(e: MouseEvent<HTMLAnchorElement>): void {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  history.pushState(null, "", e.currentTarget.getAttribute("href"));
  window.dispatchEvent(new Event(EVENT));
  window.scrollTo(0, 0);
}

/** The current value of query parameter `name`, following links and the back button. */
export function useQueryParam(name: string): string | null {
  const read = () => new URLSearchParams(location.search).get(name);
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read());
    window.addEventListener("popstate", update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(EVENT, update);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);
  return value;
}
