// Finding the checker: --tlc-jar / TLA2TOOLS_JAR → the cache → Docker → the explorer, and
// the commands built for Java and Docker (Docker cannot run here, so only its command line
// and the Dockerfile are checked).

import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DOCKER_IMAGE,
  cachedJarPath,
  describeChoice,
  locateChecker,
} from '../../generator/tlc/locate.ts';
import { dockerBuildCommand, dockerCommand, javaCommand } from '../../generator/tlc/run.ts';
import { TLC_PIN } from '../../generator/tlc/install.ts';
import { ROOT } from '../helpers.ts';

function home(withJar: boolean): string {
  const h = mkdtempSync(join(tmpdir(), 'tether-home-'));
  if (withJar) {
    mkdirSync(join(h, '.cache', 'tether'), { recursive: true });
    writeFileSync(cachedJarPath(h), 'jar');
  }
  return h;
}

const yes = (): boolean => true;
const no = (): boolean => false;

describe('locateChecker', () => {
  const jar = join(home(true), '.cache', 'tether', 'tla2tools.jar');

  it('prefers --tlc-jar, then TLA2TOOLS_JAR', () => {
    expect(
      locateChecker({
        tlcJar: jar,
        env: { TLA2TOOLS_JAR: '/elsewhere' },
        home: home(false),
        hasJava: yes,
        hasDocker: yes,
      }),
    ).toEqual({ kind: 'java', jar, source: 'flag' });
    expect(
      locateChecker({
        env: { TLA2TOOLS_JAR: jar },
        home: home(false),
        hasJava: yes,
        hasDocker: yes,
      }),
    ).toEqual({ kind: 'java', jar, source: 'env' });
  });

  it('then the cache, then Docker, then the explorer', () => {
    const h = home(true);
    expect(locateChecker({ env: {}, home: h, hasJava: yes, hasDocker: yes })).toEqual({
      kind: 'java',
      jar: cachedJarPath(h),
      source: 'cache',
    });
    expect(locateChecker({ env: {}, home: home(false), hasJava: yes, hasDocker: yes })).toEqual({
      kind: 'docker',
    });
    expect(locateChecker({ env: {}, home: h, hasJava: no, hasDocker: yes })).toEqual({
      kind: 'docker',
    });
    const none = locateChecker({ env: {}, home: home(false), hasJava: yes, hasDocker: no });
    expect(none.kind).toBe('explorer');
    expect(describeChoice(none)).toMatch(
      /^checker: built-in explorer \(TLC was not found; to use TLC: set TLA2TOOLS_JAR .*tether tlc install.*Docker\)$/,
    );
  });

  it('fails clearly when an explicit choice cannot work', () => {
    expect(() =>
      locateChecker({ tlcJar: '/no/such.jar', env: {}, hasJava: yes, hasDocker: no }),
    ).toThrow("--tlc-jar names '/no/such.jar', which is not a file");
    expect(() =>
      locateChecker({ env: { TLA2TOOLS_JAR: jar }, hasJava: no, hasDocker: no }),
    ).toThrow('TLA2TOOLS_JAR is set, but there is no working `java` on PATH');
    expect(() => locateChecker({ docker: true, env: {}, hasJava: yes, hasDocker: no })).toThrow(
      /--docker was given, but no Docker engine answers/,
    );
    expect(
      locateChecker({ explorer: true, env: { TLA2TOOLS_JAR: jar }, hasJava: yes, hasDocker: yes })
        .kind,
    ).toBe('explorer');
  });
});

describe('TLC command lines', () => {
  it('runs TLC from a jar with machine-readable output', () => {
    expect(javaCommand('/j/tla2tools.jar', 'Session', 1)).toEqual({
      program: 'java',
      args: [
        '-XX:+UseParallelGC',
        '-cp',
        '/j/tla2tools.jar',
        'tlc2.TLC',
        '-tool',
        '-workers',
        '1',
        '-config',
        'Session.cfg',
        '-metadir',
        'states',
        '-lncheck',
        'final',
        'Session.tla',
      ],
    });
  });

  it('runs the Docker image on the mounted model, without network', () => {
    expect(dockerCommand('/tmp/tether-tlc-m', 'Session', 'auto')).toEqual({
      program: 'docker',
      args: [
        'run',
        '--rm',
        '--name',
        'tether-tlc-m',
        '--network',
        'none',
        '-v',
        '/tmp/tether-tlc-m:/model',
        '-w',
        '/model',
        DOCKER_IMAGE,
        '-tool',
        '-workers',
        'auto',
        '-config',
        'Session.cfg',
        '-metadir',
        'states',
        '-lncheck',
        'final',
        'Session.tla',
      ],
      // A container outlives a killed `docker run`: it is named so that it can be stopped.
      stop: { program: 'docker', args: ['rm', '-f', 'tether-tlc-m'] },
    });
    expect(dockerBuildCommand('/pkg/tla/')).toEqual({
      program: 'docker',
      args: ['build', '-t', DOCKER_IMAGE, '/pkg/tla/'],
    });
  });

  it('builds the image from a JRE and the pinned jar, verified by sha256', () => {
    const dockerfile = readFileSync(`${ROOT}tla/Dockerfile`, 'utf8');
    expect(dockerfile).toMatch(/^FROM eclipse-temurin:17-jre$/m);
    expect(dockerfile).toContain(`ARG TLA2TOOLS_URL=${TLC_PIN.urls[0]}`);
    expect(dockerfile).toContain(`ARG TLA2TOOLS_SHA256=${TLC_PIN.sha256}`);
    expect(dockerfile).toMatch(
      /^ADD --checksum=sha256:\$\{TLA2TOOLS_SHA256\} \$\{TLA2TOOLS_URL\} \/opt\/tla2tools\.jar$/m,
    );
    expect(dockerfile).toMatch(
      /^ENTRYPOINT \["java", "-XX:\+UseParallelGC", "-cp", "\/opt\/tla2tools\.jar", "tlc2\.TLC"\]$/m,
    );
    expect(DOCKER_IMAGE).toBe(`tether-tlc:${TLC_PIN.version}`);
  });
});
