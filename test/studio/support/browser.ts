/**
 * Headless Debian chromium through playwright-core (STACK.md §9): a fresh profile per launch,
 * flags that keep it offline and quiet.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { roleColor } from "../../../studio/src/core/personas.ts";
import { ROOT } from "./studio-server.ts";

export const SCREENSHOTS = path.join(ROOT, "test-output", "screenshots");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** What the studio keeps in localStorage (store/session-store.ts). */
export interface StudioSession {
  /** `super-admin`, `tenant-admin` or a template role's name (core/personas.ts). */
  persona: string;
  tenant: string | null;
  adminToken: string | null;
  accountId?: string | null;
  userId?: string | null;
  locale?: string;
}

/** A browser context whose studio session is preset, so a test starts signed in as someone. */
export async function studioContext(
  browser: Browser,
  session: StudioSession,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  const value = JSON.stringify({ accountId: null, userId: null, locale: "en", ...session });
  await context.addInitScript((stored) => localStorage.setItem("mono.studio.session", stored), value);
  return context;
}

/** One API call the page made: the studio's own API (`/studio/api/…`) and the runtime's (`/api/…`). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** The access token sent, if any. */
  bearer: string | null;
  tenant: string | null;
  body: string | null;
}

/**
 * A page in a fresh profile (no localStorage, no cookies) with a log of its API exchanges and of
 * its uncaught page errors. The context joins `contexts`, for the caller to close.
 */
export async function loggedPage(
  browser: Browser,
  contexts: BrowserContext[],
): Promise<{ page: Page; log: Exchange[]; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const log: Exchange[] = [];
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith("/api/") && !url.pathname.startsWith("/studio/api/")) return;
    const headers = response.request().headers();
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1] ?? null;
    log.push({
      method: response.request().method(),
      path: url.pathname,
      status: response.status(),
      bearer,
      tenant: headers["x-tenant"] ?? null,
      body: response.request().postData(),
    });
  });
  return { page, log, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Full-page shots of a scrolled page repeat the sticky header mid-image: start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A role's sidebar colour (studio core/personas.ts `roleColor`) as getComputedStyle writes it. */
export function roleRgb(roleName: string): string {
  const hex = roleColor(roleName);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
