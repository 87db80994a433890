import { getDefaultRegistry } from "@rjsf/core";
import type { ObjectFieldTemplateProps } from "@rjsf/utils";
import { useEffect, useRef, useState } from "react";
import { sectionProperties, type UiGroup } from "../../core/form-groups.ts";

const DefaultObjectTemplate = getDefaultRegistry().templates.ObjectFieldTemplate;

/**
 * Renders the root of a generated form in its groups (`ui:options.groups`): sections as
 * fieldsets, `tab` groups as a tab strip. Nested objects keep RJSF's default layout.
 */
export function GroupedObjectTemplate(props: ObjectFieldTemplateProps) {
  const groups = (props.uiSchema?.["ui:options"] as { groups?: UiGroup[] } | undefined)?.groups;
  if (props.fieldPathId.path.length > 0 || !groups?.length) return <DefaultObjectTemplate {...props} />;
  const sections = sectionProperties(props.properties, groups);
  const tabbed = sections.filter((s) => s.group?.tab);
  const plain = sections.filter((s) => !s.group?.tab);
  const hasGroups = sections.some((s) => s.group);
  return (
    <div className="form-groups" id={props.fieldPathId.$id}>
      {tabbed.length > 0 && (
        <TabbedSections
          sections={tabbed as { group: UiGroup; properties: ObjectFieldTemplateProps["properties"] }[]}
          errorSchema={props.errorSchema}
        />
      )}
      {plain.map((section) =>
        section.group || hasGroups ? (
          <fieldset key={section.group?.id ?? "more"} className="form-section">
            <legend>{section.group?.label ?? "More details"}</legend>
            {section.properties.map((p) => p.content)}
          </fieldset>
        ) : (
          <div key="loose" className="form-section form-section-loose">
            {section.properties.map((p) => p.content)}
          </div>
        ),
      )}
    </div>
  );
}

function TabbedSections({
  sections,
  errorSchema,
}: {
  sections: { group: UiGroup; properties: ObjectFieldTemplateProps["properties"] }[];
  errorSchema?: ObjectFieldTemplateProps["errorSchema"];
}) {
  const [active, setActive] = useState(sections[0].group.id);
  const hasErrors = (fields: readonly string[]) =>
    fields.some((f) => !!(errorSchema as Record<string, unknown> | undefined)?.[f]);
  // New errors (a submit, the server) on another tab: show that tab. Errors going away (the
  // user fixing them) never move the user.
  const seen = useRef<string>("");
  useEffect(() => {
    const tabsWithErrors = sections.filter((s) => hasErrors(s.group.fields)).map((s) => s.group.id);
    const key = tabsWithErrors.join("|");
    const grew = tabsWithErrors.some((id) => !seen.current.split("|").includes(id));
    seen.current = key;
    if (!grew || tabsWithErrors.includes(active)) return;
    setActive(tabsWithErrors[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [errorSchema]);
  return (
    <div className="form-tabs">
      <div role="tablist" aria-label="Form sections" className="tab-strip">
        {sections.map(({ group }) => (
          <button
            key={group.id}
            type="button"
            role="tab"
            id={`tab-${group.id}`}
            aria-selected={active === group.id}
            aria-controls={`panel-${group.id}`}
            className={hasErrors(group.fields) ? "tab has-errors" : "tab"}
            onClick={() => setActive(group.id)}
          >
            {group.label}
            {hasErrors(group.fields) && <span className="sr-only"> (has errors)</span>}
          </button>
        ))}
      </div>
      {sections.map(({ group, properties }) => (
        // Hidden panels stay mounted: their values and errors are kept.
        <div
          key={group.id}
          role="tabpanel"
          id={`panel-${group.id}`}
          aria-labelledby={`tab-${group.id}`}
          hidden={active !== group.id}
          className="tab-panel"
        >
          {properties.map((p) => p.content)}
        </div>
      ))}
    </div>
  );
}
