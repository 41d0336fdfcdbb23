/** Pure helpers of the quota grid: the periods of a quarter, pasted blocks, amounts typed as people type them. */

/** A quarter and its three months: `2026-Q4` → [`2026-Q4`, `2026-10`, `2026-11`, `2026-12`]. */
export function quarterColumns(quarter: string): string[] {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return [quarter];
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [quarter, ...[0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, "0")}`)];
}

/** A block copied from a spreadsheet: rows by line, cells by tab (a trailing empty line dropped). */
export function parseBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.split("\t"));
}

/** "12,500", "$12 500", "12500.50" → a number; "" → null (no quota); anything else → NaN. */
export function parseAmount(text: string): number | null {
  const t = text.trim().replace(/[\s\u00a0$€£¥,]/g, "");
  if (t === "") return null;
  return /^\d+(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
}
