// The names of the built-in properties every machine is checked for. The explorer reports
// them and the TLA+ module defines them under the same names, so results read alike.

/** Names of the built-in properties; the TLA+ module uses the same names. */
export const BUILTIN = {
  typeOk: 'TypeOK',
  deterministic: 'Deterministic',
  versionIncrements: 'VersionIncrements',
  terminalAbsorbing: 'TerminalAbsorbing',
  deadlock: 'Deadlock',
  ensures: (transition: string) => `Ensures_${transition}`,
} as const;
