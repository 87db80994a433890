import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { routeHref, type Route } from "../../core/router.ts";
import { navigate } from "../../store/router-store.ts";

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: Route; query?: string };

/** An anchor that navigates in the app (a real href: middle-click and "open in new tab" work). */
export function Link({ to, query, onClick, ...rest }: LinkProps) {
  const href = routeHref(to) + (query ? `?${query}` : "");
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
