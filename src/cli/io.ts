// The CLI's view of the outside world, injected so commands can be tested in-process.

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
  readonly readStdin: () => Promise<string>;
  /** True when standard error is a terminal (progress output). */
  readonly isTty: boolean;
}
