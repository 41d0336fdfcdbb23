/** Debian's Chromium driven by playwright-core (no downloaded browsers), and where screenshots go. */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContextOptions, chromium } from "playwright-core";

export const SCREENSHOTS = fileURLToPath(new URL("./screenshots", import.meta.url));

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

// Reduced motion: the app then opens menus and dialogs without animating them (Mantine's
// respectReducedMotion), so a check never reads a half-faded screen.
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  reducedMotion: "reduce",
  locale: "en-US",
  timezoneId: "UTC",
};

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  reducedMotion: "reduce",
  locale: "en-US",
  timezoneId: "UTC",
};

export const screenshot = (name: string) => `${SCREENSHOTS}/${name}.png`;
