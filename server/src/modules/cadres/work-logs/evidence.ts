import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '@gongjian/common';

const startsWith = (buf: Buffer, bytes: readonly number[], offset = 0) =>
  buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The content type a file really has, judged by its leading bytes (the declared type and the
 * file name are the sender's claim and are ignored). Undefined for anything not accepted.
 */
export function sniffContentType(buf: Buffer): EvidenceContentType | undefined {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(buf, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

/** Whether a stored content type is one the upload accepts (guards the download header too). */
export const isEvidenceType = (type: string): type is EvidenceContentType =>
  (EVIDENCE_CONTENT_TYPES as readonly string[]).includes(type);

const EXTENSIONS: Record<EvidenceContentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

/**
 * A safe display name: no directories, no control or quote characters, at most 120 characters,
 * and an extension that matches the real content (a PDF sent as "photo.png" is kept as
 * "photo.pdf", so the name never contradicts the type it is served with).
 */
export function safeFileName(name: string | undefined, type: EvidenceContentType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 100) || 'evidence';
  return `${stem}${EXTENSIONS[type]}`;
}

/** `Content-Disposition` for a download: an ASCII fallback plus the UTF-8 name (RFC 6266/5987). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
