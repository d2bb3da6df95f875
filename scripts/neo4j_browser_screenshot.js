#!/usr/bin/env node
/*
 * Screenshot of Neo4j Browser showing a pushed scholargraph graph with scholargraph's style sheet applied
 * (the picture in docs/neo4j.md, docs/img/neo4j-browser.png). A docs tool, not a test.
 *
 * Needs Node 18+, a Chromium binary and playwright-core, installed OUTSIDE the repository (no node_modules or
 * package.json in the repo):
 *
 *   mkdir -p /tmp/sg-pw && (cd /tmp/sg-pw && npm init -y && npm install playwright-core)
 *
 * Then, with a server running and a graph pushed (see docs/neo4j.md, "How the screenshot was made"):
 *
 *   scholargraph neo4j browser --out /tmp/sg-browser          # writes style.grass
 *   NODE_PATH=/tmp/sg-pw/node_modules node scripts/neo4j_browser_screenshot.js \
 *     --browser http://127.0.0.1:7474/browser/ --bolt bolt://127.0.0.1:7687 \
 *     --user neo4j --password PW --grass /tmp/sg-browser/style.grass \
 *     --query-name "A topic's papers and authors" --queries /tmp/sg-browser/queries.cypher \
 *     --out docs/img/neo4j-browser.png
 *
 * Options (all "--name value"): --browser (Browser URL), --bolt (Bolt URI), --user, --password (or
 * $NEO4J_PASSWORD), --grass (style sheet file), --queries (queries.cypher written by `scholargraph neo4j
 * browser`) with --query-name (the saved query to run) or --query (Cypher text), --out (PNG path),
 * --chromium (default /usr/bin/chromium), --width/--height (default 1400x900), --wait (ms to let the force
 * layout settle, default 6000), --timeout (ms to wait for the drawing, default 120000), --zoom (clicks on zoom-in, default 0), --debug 1 (a
 * screenshot after each step, next to --out).
 *
 * Steps: open Browser with ?connectURL=, fill the connect form, run `:style <grass on one line>` (Browser
 * accepts a style sheet as the argument of :style), run the query, wait for the graph view to draw its nodes, hide the
 * side panels and take a screenshot of the result frame on a 1400x900 page.
 */
"use strict";

const fs = require("fs");
const path = require("path");

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
      throw new Error(`expected --name value pairs, got ${argv.slice(i).join(" ")}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

// The statement named `name` in a queries.cypher file ("// name" line, "// description" line, statement;).
function savedQuery(file, name) {
  const blocks = fs.readFileSync(file, "utf8").split(/;\n/);
  for (const block of blocks) {
    const lines = block.trim().split("\n");
    if (lines[0] === `// ${name}`) {
      return lines.filter((l) => !l.startsWith("//")).join("\n");
    }
  }
  throw new Error(`no saved query named ${JSON.stringify(name)} in ${file}`);
}

async function runInEditor(page, text) {
  const editor = page.locator("#monaco-main-editor textarea, .monaco-editor textarea").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // insertText types the whole text as one input (no auto-closed brackets or indentation added per key)
  await page.keyboard.insertText(text);
  await page.keyboard.press("Control+Enter");
}

async function main() {
  const o = args(process.argv);
  const password = o.password || process.env.NEO4J_PASSWORD;
  for (const need of ["browser", "bolt", "grass", "out"]) {
    if (!o[need]) throw new Error(`--${need} is required`);
  }
  const query = o.query || (o.queries && o["query-name"] ? savedQuery(o.queries, o["query-name"]) : null);
  if (!query) throw new Error("give --query, or --queries with --query-name");
  const grass = fs.readFileSync(o.grass, "utf8");
  const width = Number(o.width || 1400);
  const height = Number(o.height || 900);

  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({
    executablePath: o.chromium || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  page.on("pageerror", (e) => console.error(`page error: ${e.stack || e.message}`));
  page.on("console", (m) => {
    if (o.debug && m.type() === "error") console.error(`console: ${m.text().slice(0, 2000)}`);
  });
  try {
    const url = new URL(o.browser);
    url.searchParams.set("connectURL", o.bolt);
    await page.goto(url.toString(), { waitUntil: "domcontentloaded", timeout: 120000 });

    // connect form
    const user = page.locator('[data-testid="username"]');
    await user.waitFor({ timeout: 120000 });
    const bolt = page.locator('[data-testid="boltaddress"]');
    if (await bolt.count()) await bolt.fill(o.bolt.replace(/^bolt:\/\//, ""));
    await user.fill(o.user || "neo4j");
    if (password) await page.locator('[data-testid="password"]').fill(password);
    await page.locator('[data-testid="connect"]').click();
    await page.getByText(/You are connected as user/).first().waitFor({ timeout: 120000 });

    const step = async (name) => {
      if (o.debug) await page.screenshot({ path: `${o.out}.${name}.png` });
    };
    await step("connected");
    // one line: typed into the editor over several lines, Browser stored a style that crashed its graph view
    const oneLine = grass.split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
    if (oneLine) await runInEditor(page, `:style ${oneLine}`);
    await page.waitForTimeout(1500);
    await step("styled");
    await runInEditor(page, query);
    await page.waitForTimeout(1500);
    await step("queried");

    // the graph view draws one <g class="node"> per node
    await page.locator(o["node-selector"] || "svg g.node").first().waitFor({ timeout: Number(o.timeout || 120000) });
    // close the usage-data banner, maximise the result frame, let the force layout settle
    const banner = page.locator('[data-testid="dismissUdcBanner"], .banner button, button:has-text("×")');
    if (await banner.count()) await banner.first().click().catch(() => {});
    const full = page.locator('[title="Fullscreen"], [data-testid="frame-fullscreen-icon"]').first();
    if (await full.count()) await full.click().catch(() => {});
    await page.waitForTimeout(Number(o.wait || 6000));
    // zoom in (--zoom clicks on the view's zoom-in button) so that captions are readable
    const zoomIn = page.locator('[aria-label="zoom-in"], [title="Zoom in"], [data-testid="zoom-in-button"]').first();
    for (let i = 0; i < Number(o.zoom || 0); i++) {
      await zoomIn.click({ timeout: 5000 });
      await page.waitForTimeout(400);
    }
    // leave only the result frame: drop the older frames (connect, :style) and the guide/welcome frames
    await page.evaluate(() => {
      const frames = Array.from(document.querySelectorAll('[data-testid="frame"]'));
      frames.slice(1).forEach((f) => f.remove());
    });
    await page.waitForTimeout(500);
    fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
    await page.screenshot({ path: o.out });
    const nodes = await page.locator("svg g.node").count();
    console.log(`wrote ${o.out} (${width}x${height}, ${nodes} nodes drawn)`);
  } catch (e) {
    // keep what the page showed, to see which step failed
    await page.screenshot({ path: `${o.out}.failed.png` }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`neo4j_browser_screenshot: ${e.message}`);
  process.exit(1);
});
