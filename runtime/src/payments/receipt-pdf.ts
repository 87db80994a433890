/**
 * Invoices and receipts as PDF (pdfkit, its built-in Helvetica: no font files, works offline):
 * the tenant's name (its branding's `senderName` when set) and primary colour
 * (`settings.branding` of the tenant row, as the emails use), amounts formatted with
 * Intl.NumberFormat in the requested locale. Not compressed, so the text can be checked.
 */
import PDFDocument from "pdfkit";
import type { PaymentRow, TransitionRow } from "./payment-service.ts";

export interface DocumentBrand {
  readonly name: string;
  readonly primaryColor: string;
  readonly footer: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;
/**
 * The built-in fonts encode WinAnsi only: the narrow and thin spaces some locales group digits
 * with (fr-FR's U+202F) become a no-break space, which WinAnsi has.
 */
const winAnsi = (text: string) => text.replace(/[\u2007\u2009\u202f]/g, "\u00a0");

/** The brand of a tenant from its row's name and `settings.branding`. */
export function brandOf(tenantName: string, settings: unknown): DocumentBrand {
  const b = (settings as { branding?: Record<string, unknown> } | null)?.branding ?? {};
  return {
    name: typeof b.senderName === "string" && b.senderName ? b.senderName : tenantName,
    primaryColor: typeof b.primaryColor === "string" && HEX.test(b.primaryColor) ? b.primaryColor : "#111827",
    footer: typeof b.footer === "string" ? b.footer.slice(0, 500) : "",
  };
}

/** `amount` minor units of `currency` in `locale` (1234.5 EUR in de-DE: "1.234,50 €"). */
export function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

const LABELS = {
  invoice: "Invoice",
  receipt: "Receipt",
};

export function renderPaymentDocument(
  kind: "invoice" | "receipt",
  payment: PaymentRow,
  transitions: readonly TransitionRow[],
  brand: DocumentBrand,
  locale: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    compress: false,
    info: { Title: `${LABELS[kind]} ${payment.id}`, Author: brand.name },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
  const paidAt = transitions.find((t) => t.toStatus === "captured")?.createdAt ?? payment.createdAt;
  doc.fillColor(brand.primaryColor).fontSize(22).text(brand.name);
  doc.moveDown(0.5).fillColor("#1f2937").fontSize(16).text(LABELS[kind]);
  doc.moveDown().fontSize(10);
  doc.text(`Number: ${payment.id}`);
  doc.text(winAnsi(`Date: ${date(kind === "receipt" ? paidAt : payment.createdAt)}`));
  doc.text(`Status: ${payment.status}`);
  if (payment.description) doc.moveDown().text(payment.description);
  doc.moveDown().fontSize(14).fillColor(brand.primaryColor);
  doc.text(
    winAnsi(`${kind === "receipt" ? "Paid" : "Amount due"}: ${formatAmount(payment.amount, payment.currency, locale)}`),
  );
  if (brand.footer) doc.moveDown(2).fontSize(8).fillColor("#6b7280").text(brand.footer);
  doc.end();
  return done;
}
