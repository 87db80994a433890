/**
 * The virus-scan hook of the upload pipeline: called with the upload's temporary file after its
 * type and size were checked and before anything is stored. Scanning itself is out of scope:
 * the default scanner passes every file. A deployment plugs in its own (a ClamAV daemon, a
 * cloud scanner) through `media.scan`; a verdict of not clean refuses the upload with 422.
 */
export interface ScanInput {
  /** The temporary file, complete. */
  readonly path: string;
  /** Detected from the content. */
  readonly mime: string;
  readonly size: number;
}

export type VirusScan = (file: ScanInput) => Promise<{ clean: boolean; reason?: string }>;

/** The default: no scanner, every file passes. */
export const noVirusScan: VirusScan = async () => ({ clean: true });
