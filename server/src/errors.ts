import type { MessageKey } from '@gongjian/common';

/** A field-level problem: `path` is the dotted field name, `message` a catalogue key or prose. */
export interface FieldIssue {
  path: string;
  code: string;
  message: string;
  /** Extra values for the caller (e.g. the conflicting id); never shown as prose. */
  params?: Record<string, unknown>;
}

/**
 * The one error type. Services throw it; the HTTP layer turns it into
 * `{error:{code,message,details}}` with `status`, translating message keys per request.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey | string,
    readonly details?: FieldIssue[] | Record<string, unknown>,
  ) {
    super(messageKey);
  }
}

export const badRequest = (details: FieldIssue[], key: MessageKey = 'e.validation') =>
  new AppError(400, 'VALIDATION_FAILED', key, details);
/** One bad field, as the services report references that do not resolve. */
export const fieldError = (path: string, message: MessageKey, code = 'invalid') =>
  badRequest([{ path, code, message }]);
export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'e.unauthenticated');
export const forbidden = (key: MessageKey = 'e.forbidden') => new AppError(403, 'FORBIDDEN', key);
export const notFound = () => new AppError(404, 'NOT_FOUND', 'e.notFound');
export const conflict = (code: string, key: MessageKey, details?: Record<string, unknown>) =>
  new AppError(409, code, key, details);

/**
 * The one answer to anything too big — a file of an upload or a whole request body, announced or
 * found while reading, caught by the upload reader (`http/uploads.ts`) or by Fastify's own body
 * parser: 413 PAYLOAD_TOO_LARGE, the message in the caller's language, the broken limit in the
 * details (`path` names the field, empty for the body as a whole).
 */
export const payloadTooLarge = (maxBytes: number, key: MessageKey, path: string) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', key, [
    { path, code: 'too_big', message: key, params: { maxBytes } },
  ]);
/** A request body over its cap. */
export const bodyTooLarge = (maxBytes: number) => payloadTooLarge(maxBytes, 'e.bodyTooLarge', '');
