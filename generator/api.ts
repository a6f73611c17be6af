// The programmatic API of `tether-spec` (package.json "exports": "."): the functions the CLI
// calls, for build scripts and tools. The conformance runtime the generated suites import is
// `tether-spec/conformance` (conformance/harness.ts).
//
//   const project = loadProject(process.cwd());          // tether.config.json, or the defaults
//   const { files, diagnostics } = generate(project);    // what `tether generate` writes
//   const { ir } = compile(text, 'spec/order.tether');    // the front end: diagnostics, IR
//   const result = await check(ir!, locateChecker({}));   // what `tether check` model-checks

export { compileSpec as compile } from './frontend.ts';
export { Build, buildSpec, type BuiltSpec, type GeneratedFile } from './build.ts';
export { BACKENDS, emitAll } from './backends.ts';
export {
  GenerateConflict,
  generatedFiles as generate,
  isStale,
  type Generation,
} from './project/generate.ts';
export {
  ConfigError,
  loadProject,
  parseConfig,
  projectSpecs,
  type Project,
} from './project/config.ts';
export { DEFAULT_LAYOUT, type ImportExtension, type OutputLayout } from './project/layout.ts';
export { modelCheck as check, raceCheck, type ModelCheckOptions } from './model-check.ts';
export { RaceSpecError, type RaceOptions, type StoreWrite } from './race/model.ts';
export type { RaceResult, RaceTrace, RaceTraceStep, RaceAction } from './race/trace.ts';
export { locateChecker, type CheckerChoice } from './tlc/locate.ts';
export { writeFilesAtomically } from './write-files.ts';
export type { Diagnostic } from './diagnostics/types.ts';
export type { CheckResult } from './explore/result.ts';
export type { IrMachine } from './lower/ir.ts';
