/**
 * Accessibility of the built studio in a real browser (issue 18): axe-core's WCAG 2.1 A/AA rules
 * over every studio view and over the create form of every entity of every shipped template
 * (which together hold every field kind), plus the checks axe cannot make: titles and focus on
 * navigation, names of composite subfields, error semantics, contrast and reflow at 320 px,
 * the tenant taken from the host, and a keyboard-only walk.
 *
 * Cost: one page per session, moved from view to view (and form to form) inside the studio as
 * its links do, instead of a fresh load per view; each view is audited once for axe, its title
 * and its reflow at 320 px.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { templates } from "../../generated/registry.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { CHROMIUM_ARGS, launchChromium, studioContext, type StudioSession } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { ADMIN_TOKEN, createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

/** One tenant per shipped template (two by the names the sign-in and domain tests use). */
const NAMED: Record<string, string> = { "modeling-agency": "northlight", "luxury-club": "velvet" };
const TENANTS: Record<string, string> = Object.fromEntries(templates.map((t) => [t.id, NAMED[t.id] ?? `a11y-${t.id}`]));

let server: StudioServer;
let browser: Browser;
let accountId: string;
const contexts: BrowserContext[] = [];
const records: Record<string, string> = {};

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer();
  browser = await launchChromium();
  for (const [template, slug] of Object.entries(TENANTS)) await createTenant(server, slug, template);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = 'northlight'`);
  const account = await server.db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'client', 'Lumen Studios') RETURNING "id"`,
    [tenant.rows[0].id],
  );
  accountId = account.rows[0].id;
  const created = await server.api<{ id: string }>(
    "POST",
    "/api/v1/tenant/entities/job-categories",
    { name: "Swimwear", slug: "a11y-swimwear", sortOrder: 1 },
    { "x-tenant": "northlight" },
  );
  expect(created.status).toBe(201);
  records.jobCategory = created.body.id;
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });

async function open(
  session: Partial<StudioSession> | null,
  route: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context = session
    ? await studioContext(
        browser,
        { persona: "tenant-admin", tenant: TENANTS["modeling-agency"], adminToken: ADMIN_TOKEN, ...session },
        viewport,
      )
    : await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/studio/${route}`);
  await ready(page);
  return page;
}

/** The page has its heading and nothing is loading any more. */
async function ready(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor({ state: "visible", timeout: 15_000 });
  await poll(() => page.locator("main .loading, main .spinner").count()).toBe(0);
}

/**
 * Moves an open page to another studio route the way a link in the studio does (history API and
 * popstate, no reload), and waits for the new page's heading: the old headings are marked first,
 * so a heading that is still the previous page's does not count. Each route's component is
 * mounted afresh (routes are keyed), so the audit sees what a fresh load shows, without paying
 * for a reload of the bundle and the registry per view.
 */
async function go(page: Page, route: string): Promise<void> {
  await page.evaluate((href) => {
    for (const h1 of Array.from(document.querySelectorAll("main h1"))) h1.setAttribute("data-previous-page", "");
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, `/studio/${route}`);
  await page.locator("main h1:not([data-previous-page])").first().waitFor({ state: "visible", timeout: 15_000 });
  await poll(() => page.locator("main .loading, main .spinner").count()).toBe(0);
}

/** One page per session, reused across views: the first view loads it, the next ones navigate. */
async function visitor(): Promise<{
  visit(session: Partial<StudioSession> | null, route: string): Promise<Page>;
  close(): Promise<void>;
}> {
  const pages = new Map<string, Page>();
  return {
    async visit(session, route) {
      const key = JSON.stringify(session);
      const page = pages.get(key);
      if (page) {
        await go(page, route);
        return page;
      }
      const opened = await open(session, route);
      pages.set(key, opened);
      return opened;
    },
    async close() {
      for (const page of pages.values()) await page.context().close();
    },
  };
}

const admin = { persona: "tenant-admin" } as const;
const superAdmin = { persona: "super-admin" } as const;

/** Every view of the studio, with who looks at it. */
const VIEWS: [name: string, session: () => Partial<StudioSession> | null, route: () => string][] = [
  ["login", () => null, () => "login"],
  ["sign up", () => null, () => "signup"],
  ["platform login", () => null, () => "platform/login"],
  ["forgot password", () => null, () => "forgot-password"],
  ["session", () => admin, () => "session"],
  ["tenants", () => superAdmin, () => "platform"],
  ["entity list", () => admin, () => "admin/modeling-agency/job-categories"],
  ["record detail", () => admin, () => `admin/modeling-agency/job-categories/${records.jobCategory}`],
  ["record edit", () => admin, () => `admin/modeling-agency/job-categories/${records.jobCategory}/edit`],
  ["end-user forms", () => ({ persona: "client", accountId }), () => "forms/modeling-agency"],
  ["end-user wizard", () => ({ persona: "client", accountId }), () => "forms/modeling-agency/Job"],
  ["schema designer", () => superAdmin, () => "designer/modeling-agency/ModelProfile"],
  ["relationships", () => superAdmin, () => "relations/modeling-agency"],
  ["workflows", () => superAdmin, () => "workflows/modeling-agency"],
  ["workflow editor", () => superAdmin, () => "workflows/modeling-agency/application-pipeline"],
  ["agency list", () => ({ persona: "agency-owner", accountId }), () => "admin/modeling-agency/jobs"],
  ["talent forms", () => ({ persona: "talent" }), () => "forms/modeling-agency"],
  ["templates", () => admin, () => "templates"],
  ["extension fields", () => admin, () => "extensions/modeling-agency"],
  ["audit log", () => admin, () => "audit"],
  ["invitations", () => admin, () => "invitations"],
];

describe("axe-core WCAG 2.1 AA", () => {
  test("every studio view: no violations, its own document.title from its heading, no sideways scroll at 320 px (WCAG 1.4.10)", async () => {
    const found: string[] = [];
    const wide: string[] = [];
    const titles = new Map<string, string>();
    const views = await visitor();
    for (const [name, session, route] of VIEWS) {
      const page = await views.visit(session(), route());
      const heading = (await page.locator("main h1:not([data-previous-page])").first().textContent())!.trim();
      await poll(() => page.title()).toBe(`${heading} · Mono studio`);
      titles.set(name, await page.title());
      found.push(...describeViolations(name, await axeViolations(page)));
      // Reflow: the same view at 320 px wide.
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) {
        const culprits = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>("body *"))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 6)
            .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join(".")}`),
        );
        wide.push(`${name}: ${overflow}px wider (${culprits.join(", ")})`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await views.close();
    expect(found).toEqual([]);
    expect(wide).toEqual([]);
    // Views of one page kind may share a heading (the two form lists); all the others differ.
    const distinct = new Set(titles.values());
    expect(distinct.size).toBeGreaterThanOrEqual(titles.size - 1);
    expect([...distinct]).not.toContain("Mono studio");
  }, 300_000);

  test("the create form of every entity of every shipped template has no violations, on every tab", async () => {
    const found: string[] = [];
    let forms = 0;
    for (const template of templates) {
      const page = await open({ ...admin, tenant: TENANTS[template.id] }, "session");
      for (const entity of template.entities) {
        await go(page, `admin/${template.id}/${entity.apiName}/new`);
        await page.locator("main form").first().waitFor();
        forms++;
        const view = `${template.id}/${entity.name} new`;
        found.push(...describeViolations(view, await axeViolations(page)), ...(await formProblems(page, view)));
        // Hidden tab panels are not audited: open each tab in turn.
        const tabs = page.locator("main [role=tab]");
        for (let i = 1; i < (await tabs.count()); i++) {
          await tabs.nth(i).click();
          const tab = `${view} tab ${(await tabs.nth(i).textContent())?.trim()}`;
          found.push(...describeViolations(tab, await axeViolations(page)), ...(await formProblems(page, tab)));
        }
      }
      await page.context().close();
    }
    expect(forms).toBeGreaterThanOrEqual(35);
    expect(found).toEqual([]);
  }, 300_000);

  test("the filter form of every entity (range pairs, multi-selects) and every wizard step have no violations", async () => {
    const found: string[] = [];
    let filters = 0;
    for (const template of templates) {
      const page = await open({ ...admin, tenant: TENANTS[template.id] }, "session");
      for (const entity of template.entities) {
        await go(page, `admin/${template.id}/${entity.apiName}`);
        const toggle = page.getByRole("button", { name: /^Filters/ });
        if (!(await toggle.count())) continue;
        await toggle.click();
        await page.locator("main form").first().waitFor();
        filters++;
        const view = `${template.id}/${entity.name} filters`;
        found.push(...describeViolations(view, await axeViolations(page)), ...(await formProblems(page, view)));
      }
      await page.context().close();
    }
    expect(filters).toBeGreaterThanOrEqual(30);
    // The job wizard, step by step (each step validates before the next: fill what it requires).
    const page = await open({ persona: "client", accountId }, "forms/modeling-agency/Job");
    await poll(() => page.locator(".steps li").count()).toBe(6);
    await page.getByLabel(/^Title/).fill("Winter coats");
    await page.getByLabel(/^Job type/).selectOption("campaign");
    await page.getByLabel(/^Description/).fill("Outdoor shoot, two looks.");
    const category = page.locator("select#step1_categoryId");
    await poll(() => category.locator("option").count()).toBeGreaterThan(1);
    await category.selectOption({ index: 1 });
    for (let step = 1; step <= 6; step++) {
      await poll(() => page.locator(".step-heading").textContent()).toContain(`Step ${step} of 6`);
      const view = `job wizard step ${step}`;
      found.push(...describeViolations(view, await axeViolations(page)), ...(await formProblems(page, view)));
      if (step === 2) await page.getByLabel(/^Start/).fill("2027-11-01T09:00");
      if (step < 6) await page.getByRole("button", { name: "Continue" }).click();
    }
    expect(found).toEqual([]);
  }, 300_000);
});

/**
 * What axe does not report on a form: every visible control has a non-empty accessible name
 * (its `<label for>`, `aria-label(ledby)`, or a wrapping label), every `aria-describedby` id
 * exists, and no `label` attribute leaks onto an element.
 */
async function formProblems(page: Page, view: string): Promise<string[]> {
  const problems = await page
    .locator("main form")
    .first()
    .evaluate((form) => {
      const found: string[] = [];
      const nameOf = (el: HTMLElement): string => {
        const labelledBy = el.getAttribute("aria-labelledby");
        if (labelledBy)
          return labelledBy
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" ")
            .trim();
        const aria = el.getAttribute("aria-label");
        if (aria) return aria.trim();
        const labels = (el as HTMLInputElement).labels;
        return labels
          ? Array.from(labels)
              .map((l) => l.textContent ?? "")
              .join(" ")
              .trim()
          : "";
      };
      for (const el of Array.from(
        form.querySelectorAll<HTMLElement>("input, select, textarea, [role=radiogroup], [role=combobox]"),
      )) {
        if (el instanceof HTMLInputElement && el.type === "hidden") continue;
        if (!el.checkVisibility() && !el.classList.contains("sr-only")) continue;
        if (!nameOf(el)) found.push(`${el.tagName.toLowerCase()}#${el.id} has no accessible name`);
        if (el.hasAttribute("label")) found.push(`${el.tagName.toLowerCase()}#${el.id} has a label attribute`);
      }
      for (const el of Array.from(form.querySelectorAll<HTMLElement>("[aria-describedby]")))
        for (const id of el.getAttribute("aria-describedby")!.split(/\s+/).filter(Boolean))
          if (!document.getElementById(id)) found.push(`#${el.id} aria-describedby points at missing #${id}`);
      return found;
    });
  return problems.map((p) => `${view}: ${p}`);
}

test("the parts of a money field are labelled, in the user's locale", async () => {
  const labelOf = (page: Page, id: string) =>
    page.locator(`#${id}`).evaluate((el) =>
      Array.from((el as HTMLInputElement).labels ?? [])
        .map((l) => l.textContent?.trim())
        .join(" "),
    );
  const en = await open(admin, "admin/modeling-agency/jobs/new");
  expect(await labelOf(en, "create_rate_amount")).toBe("Amount*");
  expect(await labelOf(en, "create_rate_currency")).toBe("Currency*");
  expect(await en.locator("#create_rate legend").textContent()).toBe("Rate");
  const de = await open({ ...admin, locale: "de" }, "admin/modeling-agency/jobs/new");
  expect(await labelOf(de, "create_rate_amount")).toBe("Betrag*");
  expect(await labelOf(de, "create_rate_currency")).toBe("Währung*");
});

describe("contrast", () => {
  test("the tenant name and the workflow node-type labels reach 4.5:1", async () => {
    const ratios = async (page: Page, selector: string) =>
      page.locator(selector).evaluateAll((elements) => {
        const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 6).map(Number);
        const luminance = ([r, g, b]: number[]) => {
          const f = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const background = (el: Element | null): string => {
          for (; el; el = el.parentElement) {
            const bg = getComputedStyle(el).backgroundColor;
            if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") return bg;
          }
          return "rgb(255, 255, 255)";
        };
        return elements.map((el) => {
          const style = getComputedStyle(el);
          if (Number(style.opacity) !== 1) return 0; // opacity blends the text into the background
          const [a, b] = [luminance(rgb(style.color)), luminance(rgb(background(el)))];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        });
      });
    for (const persona of ["tenant-admin", "agency-owner", "talent", "client"] as const) {
      const page = await open({ persona, accountId }, "session");
      const [tenant] = await ratios(page, ".tenant-name");
      expect(tenant, persona).toBeGreaterThanOrEqual(4.5);
      await page.context().close();
    }
    const editor = await open(superAdmin, "workflows/modeling-agency/application-pipeline");
    await poll(() => editor.locator(".react-flow__node .wf-type").count()).toBeGreaterThan(3);
    for (const type of ["condition", "email", "update", "assign", "state", "end"])
      await editor.getByRole("button", { name: `Add ${type} node` }).click();
    const labels = await ratios(editor, ".react-flow__node .wf-type");
    expect(labels.length).toBeGreaterThan(8);
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(4.5);
  });
});

/** The focused element, described: tag, text (first 60 characters) and whether it is inside main. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? "").trim().slice(0, 60)}` : "none";
  });

describe("page changes are announced", () => {
  test("focus moves to the new page's heading after each navigation, and the title follows", async () => {
    const page = await open(admin, "admin/modeling-agency/job-categories");
    expect(await page.title()).toBe("Job categories · Mono studio");
    // Sidebar link, by keyboard.
    await page
      .locator("nav#sidebar a.nav-link", { hasText: /^Jobs$/ })
      .first()
      .focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/admin\/modeling-agency\/jobs$/);
    await poll(() => focused(page)).toBe("h1: Jobs");
    expect(await page.title()).toBe("Jobs · Mono studio");
    // A link inside the page (New job) moves focus to the form's heading.
    await page.getByRole("link", { name: "New job" }).first().click();
    await poll(() => focused(page)).toBe("h1: New job");
    expect(await page.title()).toBe("New job · Mono studio");
    // Back (popstate) is a navigation too.
    await page.goBack();
    await poll(() => focused(page)).toBe("h1: Jobs");
    // Sorting re-renders the list, it is not a new page: focus stays on the sort button.
    await page
      .getByRole("button", { name: /^Title/ })
      .first()
      .click();
    await poll(() => page.locator("th[aria-sort=ascending]").count()).toBe(1);
    await page.waitForTimeout(300);
    expect(await focused(page)).toMatch(/^button: Title/);
  });

  test("each wizard step moves focus to the step's heading", async () => {
    const page = await open({ persona: "client", accountId }, "forms/modeling-agency/Job");
    await poll(() => page.locator(".steps li").count()).toBe(6);
    await page.getByLabel(/^Title/).fill("Autumn lookbook");
    await page.getByLabel(/^Job type/).selectOption("campaign");
    await page.getByLabel(/^Description/).fill("One-day studio shoot, four looks.");
    const category = page.locator("select#step1_categoryId");
    await poll(() => category.locator("option").count()).toBeGreaterThan(1);
    await category.selectOption({ index: 1 });
    await page.getByRole("button", { name: "Continue" }).click();
    await poll(() => focused(page)).toMatch(/^h2: Step 2 of 6/);
    await page.getByLabel(/^Start/).fill("2027-06-01T09:00");
    await page.getByRole("button", { name: "Continue" }).click();
    await poll(() => focused(page)).toMatch(/^h2: Step 3 of 6/);
    await page.getByRole("button", { name: "Back" }).click();
    await poll(() => focused(page)).toMatch(/^h2: Step 2 of 6/);
  });
});

describe("errors people can act on", () => {
  /** The error text a control's aria-describedby leads to, and its aria-invalid. */
  const errorOf = (page: Page, id: string) =>
    page.locator(`#${id}`).evaluate((el) => ({
      invalid: el.getAttribute("aria-invalid"),
      described: (el.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((ref) => document.getElementById(ref)?.textContent?.trim() ?? `missing #${ref}`)
        .join(" | "),
    }));

  test("invalid fields carry aria-invalid and a sentence, linked by aria-describedby; focus goes to the first", async () => {
    const page = await open(admin, "admin/modeling-agency/job-categories/new");
    expect(await errorOf(page, "create_name")).toEqual({ invalid: null, described: "" });
    await page.getByRole("button", { name: "Create job category" }).click();
    await poll(() => errorOf(page, "create_name")).toEqual({ invalid: "true", described: "Name is required" });
    expect(await focused(page)).toBe("input: "); // the first invalid field, an empty input
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("create_name");
    // The template words the slug's rules itself (x-errorMessages): its text wins over the studio's.
    expect(await errorOf(page, "create_slug")).toEqual({
      invalid: "true",
      described: "A slug is needed for the address",
    });
    await page.locator("#create_slug").fill("Not A Slug");
    await page.locator("#create_name").fill("Editorial");
    await page.getByRole("button", { name: "Create job category" }).click();
    await poll(() => errorOf(page, "create_slug")).toEqual({
      invalid: "true",
      described: "Lower-case letters, digits and single dashes, e.g. summer-gala",
    });
    expect(await errorOf(page, "create_name")).toEqual({ invalid: null, described: "" });
    expect(await page.locator("main").textContent()).not.toMatch(/must (match|have)/);
  });

  test("a pattern reads as an instruction: a country code wants two capital letters", async () => {
    const page = await open(admin, "admin/modeling-agency/model-profiles/new");
    await page.getByRole("tab", { name: "Availability & location" }).click();
    await page.locator("#create_countryCode").fill("de");
    await page.getByRole("button", { name: /^Create/ }).click();
    await poll(() => errorOf(page, "create_countryCode")).toEqual({
      invalid: "true",
      described: "A two-letter country code in capitals, e.g. DE | ISO 3166 country code, e.g. DE.",
    });
  });

  test("in German, the messages are German", async () => {
    const page = await open({ ...admin, locale: "de" }, "admin/modeling-agency/job-categories/new");
    await page.locator("#create_name").fill("Editorial");
    await page.getByRole("button", { name: /^Create/ }).click();
    await poll(() => errorOf(page, "create_slug")).toEqual({
      invalid: "true",
      described: "Für die Adresse wird ein Kürzel gebraucht",
    });
    // A rule the template does not word keeps the studio's German sentence.
    await page.locator("#create_slug").fill("editorial");
    await page.locator("#create_name").fill("");
    await page.getByRole("button", { name: /^Create/ }).click();
    await poll(() => errorOf(page, "create_name")).toEqual({
      invalid: "true",
      described: expect.stringMatching(/ ist erforderlich$/),
    });
  });
});

describe("translatable texts", () => {
  test("the edit form saves a text in the content language it picked; the other language keeps its own", async () => {
    const velvet = { "x-tenant": TENANTS["luxury-club"] };
    const created = await server.api<{ id: string }>(
      "POST",
      "/api/v1/tenant/entities/pipeline-stages",
      { name: "Shortlisted guests", code: "a11y-shortlisted", position: 997, defaultProbability: 40 },
      velvet,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await open(
      { ...admin, tenant: TENANTS["luxury-club"] },
      `admin/luxury-club/PipelineStage/${created.body.id}/edit`,
    );
    const language = page.getByLabel("Content language");
    expect(await language.inputValue()).toBe("en");
    await language.selectOption("de");
    await poll(() => page.locator("#edit_name").inputValue()).toBe("Shortlisted guests");
    await page.locator("#edit_name").fill("Vorauswahl der Gäste");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(`**/admin/luxury-club/PipelineStage/${created.body.id}`);
    const read = (query: string) =>
      server.api<{ name: string }>(
        "GET",
        `/api/v1/tenant/entities/pipeline-stages/${created.body.id}${query}`,
        undefined,
        velvet,
      );
    expect((await read("?locale=de")).body.name).toBe("Vorauswahl der Gäste");
    expect((await read("?locale=en")).body.name).toBe("Shortlisted guests");
  });
});

describe("the tenant from the host", () => {
  /** A fresh profile opening the studio's login at `host` (which resolves to the test server). */
  async function loginAt(host: string, target: Browser = browser) {
    const context = await target.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const sessions: (string | null)[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/studio/api/session")
        sessions.push(request.headers()["x-tenant"] ?? null);
    });
    const port = new URL(server.url).port;
    await page.goto(`http://${host}:${port}/studio/login`);
    await ready(page);
    return { page, sessions };
  }

  test("at <slug>.localhost the login names the tenant and the sidebar shows it", async () => {
    await createTenant(server, "agency-demo", "modeling-agency");
    const { page, sessions } = await loginAt("agency-demo.localhost");
    const field = page.getByLabel("Marketplace (tenant slug)");
    await poll(() => field.inputValue()).toBe("agency-demo");
    await poll(() => page.locator(".tenant-name").textContent()).toBe("agency-demo (test)");
    // The first question went out without X-Tenant: the server answered from the Host header.
    expect(sessions[0]).toBeNull();
    // The picker stays: the field can still be changed by hand.
    await field.fill("northlight");
    expect(await field.inputValue()).toBe("northlight");
  });

  test("at a tenant's custom domain too; a bare IP address keeps the picker empty", async () => {
    const added = await server.api("POST", "/api/v1/platform/tenants/velvet/domains", {
      domain: "members.velvet.test",
    });
    expect(added.status).toBe(201);
    // Chromium resolves the custom domain to the test server (no DNS here).
    const mapped = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP members.velvet.test 127.0.0.1, MAP unknown.test 127.0.0.1"],
    });
    try {
      const custom = await loginAt("members.velvet.test", mapped);
      await poll(() => custom.page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe("velvet");
      await poll(() => custom.page.locator(".tenant-name").textContent()).toBe("velvet (test)");
      // A host no tenant answers at: the picker, empty.
      const unknown = await loginAt("unknown.test", mapped);
      await poll(() => unknown.sessions.length).toBe(1);
      expect(await unknown.page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe("");
      expect(await unknown.page.locator(".tenant-name").textContent()).toBe("No tenant chosen");
    } finally {
      await mapped.close();
    }
    const local = await loginAt("127.0.0.1");
    await settle(local.page);
    expect(local.sessions).toEqual([]);
    expect(await local.page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe("");
    expect(await local.page.locator(".tenant-name").textContent()).toBe("No tenant chosen");
  });
});

/** Lets pending requests of a freshly loaded page go out. */
const settle = (page: Page) => page.waitForLoadState("networkidle");

describe("a large workflow stays readable", () => {
  test("22+ nodes: tidy layout without overlaps, labels at 9 px or more at the minimum zoom, a minimap, find-a-node", async () => {
    const page = await open(superAdmin, "workflows/modeling-agency/application-pipeline");
    const nodes = page.locator(".react-flow__node");
    await poll(() => nodes.count()).toBeGreaterThan(3);
    const types = ["condition", "email", "update", "assign", "state", "wait", "webhook", "approval", "end"];
    for (let i = 0; (await nodes.count()) < 22; i++)
      await page.getByRole("button", { name: `Add ${types[i % types.length]} node` }).click();
    await page.getByRole("button", { name: "Tidy up" }).click();

    // Zoomed out as far as it goes.
    const zoomOut = page.locator(".react-flow__controls-zoomout");
    for (let i = 0; i < 15; i++) if (await zoomOut.isEnabled()) await zoomOut.click();
    const zoom = () =>
      page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    await poll(zoom).toBeCloseTo(0.75, 2);
    const smallest = await page
      .locator(".react-flow__node .wf-type, .react-flow__node .wf-title")
      .evaluateAll((els) => Math.min(...els.map((el) => parseFloat(getComputedStyle(el).fontSize))));
    expect(smallest * (await zoom())).toBeGreaterThanOrEqual(9);

    // Tidy: no two nodes overlap.
    const boxes = await nodes.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute("data-id"), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        .map((b) => `${a.id}/${b.id}`),
    );
    expect(overlaps).toEqual([]);

    // The minimap shows every node.
    const minimap = page.getByRole("img", { name: "Workflow overview" });
    await poll(() => page.locator(".react-flow__minimap-node").count()).toBe(await nodes.count());
    expect(await minimap.count()).toBe(1);

    // Find a node far off screen: it is selected, centred and focused.
    const far = boxes.reduce((a, b) => (b.right > a.right ? b : a));
    await page.getByLabel("Find a node").selectOption(far.id!);
    const node = page.locator(`.react-flow__node[data-id="${far.id}"]`);
    await poll(() => node.getAttribute("class")).toContain("selected");
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-id"))).toBe(far.id);
    const canvas = await page.locator(".react-flow").boundingBox();
    const box = await node.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(canvas!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(canvas!.x + canvas!.width);
    expect(describeViolations("workflow editor, 22 nodes", await axeViolations(page))).toEqual([]);
  });
});
