import sanitizeHtml from "sanitize-html";

/** The rich-text subset messages keep: everything else is dropped (its text stays). */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "b", "strong", "i", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span"],
  allowedAttributes: { a: ["href"], span: ["data-mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Links open outside the app and never pass the opener or the referrer.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }) },
  allowedClasses: {},
  allowedStyles: {},
};
// The transform adds rel and target: allow them after the transform.
(ALLOWED.allowedAttributes as Record<string, string[]>).a.push("rel", "target");

/** A message body as stored: the allow-listed HTML, and its plain text (search, notifications). */
export function sanitizeMessage(html: string): { body: string; text: string } {
  const body = sanitizeHtml(html, ALLOWED).trim();
  const text = sanitizeHtml(body.replace(/<br\s*\/?>|<\/(p|li|pre|blockquote)>/gi, "$& "), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return { body, text };
}
