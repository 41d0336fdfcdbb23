/**
 * A real `stepwise serve` child process on a random port, for tests that stop,
 * kill or race servers; and a JSON client for its API.
 */
import { type CliRun, spawnCli } from "./cli-process.js";

export interface Served extends CliRun {
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

export function startServe(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<Served> {
  const run = spawnCli(env, ["serve", "--port", "0", "--host", "127.0.0.1", ...extra]);
  let out = "";
  run.child.stdout!.on("data", (b: Buffer) => {
    out += b.toString();
  });
  run.child.stderr!.on("data", (b: Buffer) => {
    out += b.toString();
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      run.child.kill("SIGKILL");
      fail(new Error(`server did not start in 90 s: ${out}`));
    }, 90_000);
    const onData = () => {
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        run.child.stdout!.off("data", onData);
        ok({ ...run, url: `http://127.0.0.1:${m[1]}`, output: () => out });
      }
    };
    run.child.stdout!.on("data", onData);
    run.child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited ${code} before it started: ${out}`));
    });
  });
}

/** Signs in and returns a function making JSON API calls with the session and CSRF token. */
export async function signIn(url: string, email: string, password: string) {
  const s = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (s.status !== 200) throw new Error(`sign-in failed: ${s.status} ${await s.text()}`);
  const cookie = s.headers.get("set-cookie")!.split(";")[0];
  const { csrfToken } = (await s.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  };
}
