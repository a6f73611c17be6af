// The specs a command runs on and the project they belong to (project/config.ts): the files
// named on the command line, or else the project's own specs (a command with neither says so
// and exits 2); --config, --out and --tla as given. And --watch: run a command again whenever
// one of its specs or the config changes.

import { watch as watchFile, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  CONFIG_FILE,
  ConfigError,
  insideProject,
  loadProject,
  projectSpecPath,
  projectSpecs,
  type Project,
} from '../project/config.ts';
import { fixedPrefix } from '../project/glob.ts';
import { CliError, displayPath } from './io.ts';
import type { Args, Streams } from './args.ts';

export interface SpecInput {
  /** Where to read it (absolute). */
  readonly path: string;
  /** As the command line gave it (or, for the project's specs, from the project root). */
  readonly given: string;
  /** How diagnostics and generated headers name it: from the project root when it is inside
   *  the project (the same bytes from any working folder), else as given. */
  readonly name: string;
  /** One of the project's specs (its "specs" globs match it): check writes its outputs. */
  readonly inProject: boolean;
  /** Inside the project's folder (generate can write its outputs). */
  readonly insideRoot: boolean;
}

export interface CliProject {
  readonly project: Project;
  readonly specs: readonly SpecInput[];
}

export function projectOf(args: Args, command: string, cwd: string = process.cwd()): CliProject {
  let project: Project;
  try {
    const config = args.values['config'];
    project = loadProject(cwd, typeof config === 'string' ? config : undefined);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const folder = (option: string): string | undefined => {
    const v = args.values[option];
    if (typeof v !== 'string') return undefined;
    if (v.trim() === '') throw new CliError(`--${option} needs a folder (relative to here)`);
    // Relative to the working folder, as paths on a command line are; it must be inside the
    // project, like the config's folders.
    const rel = relative(project.root, resolve(cwd, v)).split(sep).join('/');
    if (!insideProject(rel))
      throw new CliError(`--${option} ${v}: outside the project (${project.root})`);
    return rel === '' ? '.' : rel;
  };
  const out = folder('out');
  const tla = folder('tla');
  if (out !== undefined || tla !== undefined)
    project = {
      ...project,
      layout: {
        ...project.layout,
        ...(out === undefined ? {} : { engines: out, suites: out }),
        ...(tla === undefined ? {} : { tla }),
      },
    };
  if (args.files.length > 0) {
    // A file named twice (`a.tether ./a.tether`) runs once.
    const seen = new Set<string>();
    const files = args.files.filter((f) => {
      const path = resolve(cwd, f);
      if (seen.has(path)) return false;
      seen.add(path);
      return true;
    });
    return {
      project,
      specs: files.map((f) => {
        const path = resolve(cwd, f);
        const rel = relative(project.root, path).split(sep).join('/');
        const insideRoot = insideProject(rel);
        return {
          path,
          given: f,
          name: insideRoot ? rel : displayPath(f, cwd),
          inProject: projectSpecPath(project, f, cwd) !== null,
          insideRoot,
        };
      }),
    };
  }
  const found = projectSpecs(project);
  if (found.length === 0) {
    const where =
      project.configFile === null
        ? `the default; no ${CONFIG_FILE} here or above`
        : `the "specs" of ${displayPath(project.configFile, cwd)}`;
    throw new CliError(
      `no specs to ${command}: ${project.specs.join(', ')} (${where}) matches no file; name the spec files, or run 'tether init'`,
    );
  }
  return {
    project,
    specs: found.map((rel) => ({
      path: join(project.root, rel),
      given: rel,
      name: rel,
      inProject: true,
      insideRoot: true,
    })),
  };
}

/** `--watch`: runs `once`, then again after each change of a spec or the config (the files
 *  are found again each time, so a new spec is picked up), with one status line per run on
 *  stderr (stdout keeps the command's own output: with --json, one document per run). Watches
 *  the working folder and every folder above it (where a config may appear), the project's
 *  root and its specs' folders, and the --config file's folder, even after a run that failed
 *  (a broken config, no spec yet). Runs until the process is stopped (Ctrl-C). */
export async function watch(
  args: Args,
  command: string,
  once: () => Promise<number>,
  streams: Streams,
  cwd: string = process.cwd(),
): Promise<number> {
  const { stderr } = streams;
  const config = args.values['config'];
  const configPath = typeof config === 'string' ? resolve(cwd, config) : null;
  // A change to a spec, the config, or a folder on the way to the specs (spec/ made after the
  // watch started) runs the command again.
  let folderNames = new Set<string>();
  const watched = (file: string): boolean =>
    file.endsWith('.tether') ||
    file === CONFIG_FILE ||
    (configPath !== null && file === basename(configPath)) ||
    folderNames.has(basename(file));
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  const cycle = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = performance.now();
    let code: number;
    const folders: string[] = [...ancestors(cwd)];
    if (configPath !== null) folders.push(dirname(configPath));
    try {
      const project = loadProject(cwd, configPath ?? undefined);
      const prefixes = project.specs.map((g) => fixedPrefix(g.replace(/^\.\//, '')));
      folderNames = new Set(prefixes.flatMap((p) => p.split('/')).filter((n) => n !== ''));
      folders.push(project.root, ...prefixes.map((p) => join(project.root, p)));
    } catch {
      // A config that does not load: its folder is watched, and the run below says why.
    }
    try {
      const { project, specs } = projectOf(args, command, cwd);
      folders.push(project.root, ...specs.map((s) => dirname(s.path)));
      code = await once();
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      stderr.write(`tether: ${error.message}\n`);
      code = 2;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const status = code === 0 ? 'ok' : code === 1 ? 'failed' : 'error';
    // The new watchers are armed before the old ones close and before the status line says
    // "watching": a save made as soon as that line shows is seen (it once could be missed).
    const previous = watchers;
    watchers = [...new Set(folders)].flatMap((folder) => {
      try {
        return [
          watchFile(folder, (_event, file) => {
            if (file && !watched(file)) return;
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => void cycle(), 150);
          }),
        ];
      } catch {
        return []; // a folder that is not there (yet): its parent is watched
      }
    });
    for (const w of previous) w.close();
    stderr.write(
      `[${new Date().toTimeString().slice(0, 8)}] ${command}: ${status} in ${seconds} s; watching for changes (Ctrl-C stops)\n`,
    );
    running = false;
    if (again) {
      again = false;
      await cycle();
    }
  };
  await cycle();
  return new Promise<number>(() => {});
}

/** The folder and every folder above it. */
function ancestors(folder: string): string[] {
  const all = [folder];
  for (let up = dirname(folder); up !== all[all.length - 1]; up = dirname(up)) all.push(up);
  return all;
}
