import { useEffect, useRef } from "react";

export const TITLE_SUFFIX = "Mono studio";

/**
 * Announces page changes (WCAG 2.4.2, 2.4.3): `document.title` follows the page's `<h1>`
 * ("Service areas · Mono studio"), and after a navigation focus moves to that heading once the
 * page has loaded (or to `<main>` when a page has none), so a screen reader reads where the user
 * is instead of losing focus to `<body>`. The first page of a visit keeps the browser's focus; a
 * page that moved focus itself (an autofocused field) keeps it too. `key` is the route's path:
 * a new query string (a list's sort or filter) is not a new page.
 */
export function usePageAnnouncer(key: string, skip: boolean): void {
  const shownOnce = useRef(false);
  useEffect(() => {
    if (skip || typeof document === "undefined") return;
    const main = document.getElementById("main");
    if (!main) return;
    const moveFocus = shownOnce.current;
    const focusedBefore = document.activeElement;
    let settled = false;
    const settle = (target: HTMLElement | null) => {
      settled = true;
      shownOnce.current = true;
      if (!moveFocus || !target) return;
      const active = document.activeElement;
      const movedByPage = active && active !== focusedBefore && active !== document.body && main.contains(active);
      if (movedByPage) return;
      if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
      target.focus({ preventScroll: true });
    };
    const apply = () => {
      const heading = main.querySelector<HTMLElement>("h1");
      const text = heading?.textContent?.trim();
      const title = text ? `${text} · ${TITLE_SUFFIX}` : TITLE_SUFFIX;
      if (document.title !== title) document.title = title;
      if (!settled && heading && !main.querySelector(".loading")) settle(heading);
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(main, { subtree: true, childList: true, characterData: true });
    const fallback = setTimeout(() => {
      if (!settled) settle(main);
    }, 4000);
    return () => {
      observer.disconnect();
      clearTimeout(fallback);
    };
  }, [key, skip]);
}
