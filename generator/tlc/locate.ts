// Finds a model checker, in the order README.md gives ("Checking a spec", "Which checker
// runs"): --tlc-jar / TLA2TOOLS_JAR (with Java on PATH) → ~/.cache/tether/tla2tools.jar →
// Docker (tla/Dockerfile) → the built-in explorer.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type CheckerChoice =
  | { readonly kind: 'java'; readonly jar: string; readonly source: 'flag' | 'env' | 'cache' }
  | { readonly kind: 'docker' }
  | { readonly kind: 'explorer'; readonly why: string };

export interface LocateOptions {
  readonly tlcJar?: string | undefined;
  readonly docker?: boolean;
  readonly explorer?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  /** Probes, replaceable in tests. */
  readonly hasJava?: () => boolean;
  readonly hasDocker?: () => boolean;
}

export class LocateError extends Error {
  override readonly name = 'LocateError';
}

export function cachedJarPath(home: string = homedir()): string {
  return join(home, '.cache', 'tether', 'tla2tools.jar');
}

export function javaAvailable(): boolean {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0;
}

export function dockerAvailable(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  return r.status === 0;
}

/** tla2tools.jar when TLC can run here through Java (TLA2TOOLS_JAR, else the cache), else
 *  null: what the test suites use to run or skip their TLC cases. */
export function tlcJarHere(env: NodeJS.ProcessEnv = process.env): string | null {
  const jar = env['TLA2TOOLS_JAR'] ?? cachedJarPath();
  return existsSync(jar) && javaAvailable() ? jar : null;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

export const HOW_TO_GET_TLC =
  'to use TLC: set TLA2TOOLS_JAR (with Java 11+ on PATH), run `tether tlc install`, or install Docker';

export function locateChecker(options: LocateOptions = {}): CheckerChoice {
  const env = options.env ?? process.env;
  const hasJava = options.hasJava ?? javaAvailable;
  const hasDocker = options.hasDocker ?? dockerAvailable;
  if (options.explorer) return { kind: 'explorer', why: 'requested with --explorer' };
  if (options.docker) {
    if (!hasDocker())
      throw new LocateError(
        '--docker was given, but no Docker engine answers (`docker info` failed)',
      );
    return { kind: 'docker' };
  }
  const explicit = options.tlcJar
    ? { jar: options.tlcJar, source: 'flag' as const, what: '--tlc-jar' }
    : env['TLA2TOOLS_JAR']
      ? { jar: env['TLA2TOOLS_JAR'], source: 'env' as const, what: 'TLA2TOOLS_JAR' }
      : null;
  if (explicit) {
    if (!isFile(explicit.jar))
      throw new LocateError(`${explicit.what} names '${explicit.jar}', which is not a file`);
    if (!hasJava())
      throw new LocateError(`${explicit.what} is set, but there is no working \`java\` on PATH`);
    return { kind: 'java', jar: explicit.jar, source: explicit.source };
  }
  const cached = cachedJarPath(options.home);
  if (isFile(cached) && hasJava()) return { kind: 'java', jar: cached, source: 'cache' };
  if (hasDocker()) return { kind: 'docker' };
  const why = isFile(cached) ? `${cached} is there but Java is not on PATH` : 'TLC was not found';
  return { kind: 'explorer', why };
}

export function describeChoice(c: CheckerChoice): string {
  switch (c.kind) {
    case 'java':
      return `checker: TLC (java -cp ${c.jar}, from ${c.source === 'flag' ? '--tlc-jar' : c.source === 'env' ? 'TLA2TOOLS_JAR' : 'the cache'})`;
    case 'docker':
      return `checker: TLC (Docker image ${DOCKER_IMAGE})`;
    case 'explorer':
      return `checker: built-in explorer (${c.why}; ${HOW_TO_GET_TLC})`;
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

/** The image tla/Dockerfile builds, tagged with the pinned TLC version. */
export const DOCKER_IMAGE = 'tether-tlc:1.8.0';
