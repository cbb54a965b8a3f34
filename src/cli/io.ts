// The CLI's view of the outside world, injected so commands can be tested in-process.

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
  readonly readStdin: () => Promise<string>;
  /** Opens a file (`-` for standard input) as a stream of bytes; `size` when known. */
  readonly openFile: (
    path: string,
  ) => Promise<{ size: number | undefined; chunks: AsyncIterable<Uint8Array> }>;
  /** Width of the terminal, for progress bars. */
  readonly columns?: number | undefined;
  /** True when standard error is a terminal (progress output). */
  readonly isTty: boolean;
}
