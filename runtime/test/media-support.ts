/**
 * Shared by the media tests: real files made with sharp (JPEG with EXIF GPS, PNG, WebP), a tiny
 * valid PDF, executables under image names, multipart bodies, and an S3-protocol server (s3rver)
 * started as a child process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";

/** A JPEG with camera EXIF and a GPS position (Berlin), optionally rotated by EXIF orientation. */
export async function jpegWithGps(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 180, g: 60, b: 30 } },
  })
    .composite([
      {
        input: await sharp({
          create: { width: Math.ceil(width / 2), height: Math.ceil(height / 2), channels: 3, background: "#2050c0" },
        })
          .png()
          .toBuffer(),
        left: 0,
        top: 0,
      },
    ])
    .withMetadata({ orientation })
    .withExifMerge({
      IFD0: { Make: "MediaTestCam", Model: "MT-1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "52/1 31/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "13/1 24/1 0/1",
      },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A noisy JPEG of about `bytes` (random pixels compress badly). */
export async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (x >> 16) & 0xff;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .withExifMerge({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 31/1 0/1" } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

export const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 0.5 } } })
    .png()
    .toBuffer();

export const webp = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#884422" } })
    .webp()
    .toBuffer();

/** A minimal valid one-page PDF (header, catalog, pages, page, xref, trailer), padded with a comment. */
export function tinyPdf(extra = ""): Buffer {
  const objects = [
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += o;
  }
  if (extra) body += `% ${extra}\n`;
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** The first bytes of a Linux ELF executable, padded: what a renamed binary looks like. */
export function elfBinary(): Buffer {
  const head = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
  return Buffer.concat([head, Buffer.alloc(8192, 0x90)]);
}

/** A Windows PE executable's DOS header ("MZ", e_lfanew → "PE\0\0"). */
export function windowsExe(): Buffer {
  const b = Buffer.alloc(8192, 0);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

/** A multipart/form-data body with one file part. */
export function multipart(
  file: Buffer,
  filename: string,
  contentType = "application/octet-stream",
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----mono-media-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface S3Process {
  readonly endpoint: string;
  readonly bucket: string;
  readonly dir: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** s3rver (an S3-protocol server) as a child process on a free port, with one bucket. */
export async function startS3rver(bucket = "mono-media-test"): Promise<S3Process> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mono-s3rver-"));
  const port = await freePort();
  const bin = path.resolve(import.meta.dirname, "../../node_modules/s3rver/bin/s3rver.js");
  const child = spawn(
    process.execPath,
    [bin, "-d", dir, "-a", "127.0.0.1", "-p", String(port), "--configure-bucket", bucket],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${out}`)), 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}: ${out}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    dir,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
