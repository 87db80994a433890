import { create } from "zustand";
import { parseRoute, routeHref, type Route } from "../core/router.ts";

interface RouterStore {
  route: Route;
  /** The query string of the current location (without `?`). */
  search: string;
  navigate(to: Route | string, options?: { replace?: boolean }): void;
}

const here = () =>
  typeof location === "undefined"
    ? { path: "/studio/", search: "" }
    : { path: location.pathname, search: location.search.slice(1) };

/** The current route, kept in step with the address bar (history API, base /studio/). */
export const useRouterStore = create<RouterStore>((set) => ({
  route: parseRoute(here().path),
  search: here().search,
  navigate(to, options) {
    const href = typeof to === "string" ? to : routeHref(to);
    if (typeof history !== "undefined") {
      if (options?.replace) history.replaceState(null, "", href);
      else if (`${location.pathname}${location.search}` !== href) history.pushState(null, "", href);
    }
    const [path, search = ""] = href.split("?");
    set({ route: parseRoute(path), search });
    if (typeof window !== "undefined" && !options?.replace) window.scrollTo?.({ top: 0 });
  },
}));

if (typeof window !== "undefined") {
  window.addEventListener("popstate", () =>
    useRouterStore.setState({ route: parseRoute(location.pathname), search: location.search.slice(1) }),
  );
}

export const navigate = (to: Route | string, options?: { replace?: boolean }) =>
  useRouterStore.getState().navigate(to, options);
