import type { ReactNode } from "react";

/** A table that may be wider than the screen: it scrolls sideways in this box, not the page. The box
 * is a named region that takes focus, so it scrolls from the keyboard too. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
