import { getDefaultRegistry } from "@rjsf/core";
import type { BaseInputTemplateProps } from "@rjsf/utils";
import { createElement, useEffect, type RefObject } from "react";

const DefaultBaseInput = getDefaultRegistry().templates.BaseInputTemplate;

/**
 * RJSF's input template spreads unknown props onto the `<input>`: the field's `label` ends up
 * as an invalid `label` attribute. The label is rendered as a real `<label for>`; drop the prop.
 */
export function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { label: _label, ...rest } = props;
  return createElement(DefaultBaseInput, rest as BaseInputTemplateProps);
}

/** What RJSF's `ariaDescribedByIds` lists, before pruning (kept on the element). */
const ALL = "data-describedby-all";

/**
 * RJSF points every widget's `aria-describedby` at `…__error`, `…__description` and `…__help`
 * whether they exist or not, and never sets `aria-invalid`. Keeps, for every control in the
 * form, `aria-describedby` to the ids that exist (the full list stays in `data-describedby-all`)
 * and `aria-invalid="true"` exactly while its error list is shown. Runs after every change to
 * the form's DOM (errors come and go, tabs and steps mount fields).
 */
export function syncFormAria(root: HTMLElement): void {
  const doc = root.ownerDocument;
  // RJSF's radio and checkbox groups are a `<div id>` its `<label for>` cannot name.
  for (const group of Array.from(root.querySelectorAll<HTMLElement>("[role=radiogroup][id], .checkboxes[id]"))) {
    if (group.hasAttribute("aria-label") || group.hasAttribute("aria-labelledby")) continue;
    const label = Array.from(root.querySelectorAll<HTMLLabelElement>("label[for]")).find((l) => l.htmlFor === group.id);
    if (!label) continue;
    label.id ||= `${group.id}__label`;
    if (!group.hasAttribute("role")) group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", label.id);
  }
  for (const control of Array.from(root.querySelectorAll<HTMLElement>(`[aria-describedby], [${ALL}]`))) {
    let all = control.getAttribute(ALL);
    const current = control.getAttribute("aria-describedby");
    // React rewrote the attribute (a new id list): that is the full list now.
    if (all === null || (current !== null && current.split(/\s+/).some((id) => !all!.split(/\s+/).includes(id)))) {
      all = current ?? "";
      control.setAttribute(ALL, all);
    }
    const ids = all.split(/\s+/).filter(Boolean);
    const existing = ids.filter((id) => doc.getElementById(id) !== null);
    const next = existing.join(" ");
    if (next === "") {
      if (current !== null) control.removeAttribute("aria-describedby");
    } else if (next !== current) control.setAttribute("aria-describedby", next);
    const hasError = ids.some((id) => id.endsWith("__error") && existing.includes(id));
    if (hasError && control.getAttribute("aria-invalid") !== "true") control.setAttribute("aria-invalid", "true");
    else if (!hasError && control.hasAttribute("aria-invalid")) control.removeAttribute("aria-invalid");
  }
}

/** `syncFormAria` on mount and on every DOM change under `ref`. */
export function useFormAria(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let scheduled = false;
    const run = () => {
      scheduled = false;
      syncFormAria(root);
    };
    run();
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(run);
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-describedby"] });
    return () => observer.disconnect();
  }, [ref]);
}
