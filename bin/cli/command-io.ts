/** Where a command writes and what it reads from the environment: tests pass their own. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Stops long-running commands (`generate --watch`). */
  signal?: AbortSignal;
}

/** Thrown for bad command-line usage: exit code 2. */
export class UsageError extends Error {}
