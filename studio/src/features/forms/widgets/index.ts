import type { RegistryWidgetsType } from "@rjsf/utils";
import { MediaWidget } from "./MediaWidget.tsx";
import { RatingWidget } from "./RatingWidget.tsx";
import { RelationWidget } from "./RelationWidget.tsx";
import { RichTextWidget } from "./RichTextWidget.tsx";
import { TagsWidget } from "./TagsWidget.tsx";

/** The custom widgets the generated forms name (generators/src/forms/field-widget.ts CUSTOM_WIDGETS). */
export const CUSTOM_WIDGETS: RegistryWidgetsType = {
  media: MediaWidget,
  rating: RatingWidget,
  relation: RelationWidget,
  richtext: RichTextWidget,
  tags: TagsWidget,
};
