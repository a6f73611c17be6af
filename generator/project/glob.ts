// The spec globs of a project config (config.ts): `*` and `?` within one path segment, `**`
// for any number of segments, `{a,b}` for alternatives. A glob is walked from its fixed
// prefix (the segments before the first wildcard), so `spec/*.tether` reads one folder;
// node_modules and dot folders are never entered unless the glob names them. Links to files
// count as files; links to folders are entered, except under `**`.

import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

const SPECIAL = /[*?{}[\]]/;

/** A regular expression for a whole forward-slash path. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is zero or more folders; a trailing `**` is anything below.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*(?:/|$))*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The glob's folder before its first wildcard ('' for the root itself). */
export function fixedPrefix(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (SPECIAL.test(s)) break;
    fixed.push(s);
  }
  return fixed.join('/');
}

/** What a symbolic link points at (null when it dangles). */
function kindOf(path: string): 'dir' | 'file' | null {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

/** The files under `root` the glob matches, as forward-slash paths relative to root, sorted. */
export function expandGlob(root: string, glob: string): string[] {
  const normalized = posix.normalize(glob.replace(/^\.\//, ''));
  if (!SPECIAL.test(normalized)) {
    try {
      return statSync(join(root, normalized)).isFile() ? [normalized] : [];
    } catch {
      return [];
    }
  }
  const pattern = globToRegExp(normalized);
  const prefix = fixedPrefix(normalized);
  const mentionsHidden = /(^|\/)\.[^./]/.test(normalized) || normalized.includes('node_modules');
  // Without `**` a match is exactly as many segments deep as the glob.
  const depth = normalized.includes('**') ? Infinity : normalized.split('/').length;
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      const kind = e.isSymbolicLink() ? kindOf(join(root, rel)) : e.isDirectory() ? 'dir' : 'file';
      if (kind === 'dir') {
        if (!mentionsHidden && (e.name.startsWith('.') || e.name === 'node_modules')) continue;
        // A link to a folder is followed where the glob goes deeper, but not under `**`
        // (a link to an ancestor would never end).
        if (e.isSymbolicLink() && depth === Infinity) continue;
        if (rel.split('/').length < depth) walk(rel);
      } else if (kind === 'file' && pattern.test(rel)) found.push(rel);
    }
  };
  walk(prefix);
  return found.sort();
}
