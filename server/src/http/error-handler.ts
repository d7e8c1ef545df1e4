import { type Locale, type MessageKey, pickLocale, t } from '@gongjian/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, bodyTooLarge, type FieldIssue } from '#server/errors.ts';
import { explainRequest, RequestValidationError } from './validation.ts';

/** Unique constraints and the request field each one guards. */
const UNIQUE_FIELDS: Record<string, string> = {
  areas_code_key: 'code',
  party_orgs_code_key: 'code',
  units_credit_code_key: 'creditCode',
  members_id_number_key: 'idNumber',
  residents_id_number_key: 'idNumber',
  accounts_username_key: 'username',
  dict_items_area_type_code_key: 'code',
  appointment_kinds_area_code_key: 'code',
  work_programmes_area_kind_year_key: 'year',
  batch_candidates_batch_member_key: 'memberId',
  appointments_active_key: 'memberId',
  work_logs_annual_report_key: 'reportYear',
  duty_rule_versions_area_rule_version_key: 'rule.code',
  duty_exemptions_standing_key: 'periodKey',
};

/** Fastify's rejections of a body, said in the caller's language (its own text is English only). */
const FASTIFY_REJECTIONS: Record<string, { code: string; key: MessageKey }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', key: 'e.badJson' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', key: 'e.badJson' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'BAD_REQUEST', key: 'e.mediaType' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', key: 'e.badContentLength' },
};

interface PgError {
  code: string;
  constraint?: string;
}
const isPgError = (e: unknown): e is PgError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as PgError).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((e as PgError).code);

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

function translateDetails(details: AppError['details'], locale: Locale) {
  if (!Array.isArray(details)) return details;
  return details.map((d: FieldIssue) => ({ ...d, message: t(d.message, locale) }));
}

/**
 * The one place errors become HTTP answers: `{error:{code,message,details}}`, localised by
 * Accept-Language. Database errors are mapped by SQLSTATE and constraint name, never by text.
 */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((thrown: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const locale = pickLocale(req.headers['accept-language']);
    // Fastify's own "body too large" is the upload reader's answer too: one shape for every 413.
    const err =
      (thrown as FastifyError).statusCode === 413 && !(thrown instanceof AppError)
        ? bodyTooLarge(req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0)
        : thrown;
    if (err instanceof AppError) {
      // A refusal built from a lower error (a workbook exceljs could not read) keeps it as its
      // cause: the client gets the 4xx, the log gets what actually failed, for diagnosis.
      if (err.cause !== undefined)
        req.log.warn({ err: err.cause, code: err.code }, `refused: ${err.messageKey}`);
      const retryAfter = (err.details as { retryAfter?: number } | undefined)?.retryAfter;
      if (err.status === 429 && retryAfter) reply.header('retry-after', String(retryAfter));
      return send(
        reply,
        err.status,
        err.code,
        t(err.messageKey, locale),
        translateDetails(err.details, locale),
      );
    }
    if (err instanceof RequestValidationError) {
      const details = explainRequest(err, locale).map((d) => ({ ...d, in: err.part }));
      return send(reply, 400, 'VALIDATION_FAILED', t('e.validation', locale), details);
    }
    // drizzle wraps driver errors; the SQLSTATE is on the cause.
    const pgErr = isPgError(err)
      ? err
      : isPgError((err as { cause?: unknown }).cause)
        ? (err as { cause: PgError }).cause
        : null;
    if (pgErr) {
      if (pgErr.code === '23505') {
        const field = (pgErr.constraint && UNIQUE_FIELDS[pgErr.constraint]) ?? 'id';
        return send(reply, 409, 'DUPLICATE', t('v.duplicate', locale), [
          { path: field, code: 'duplicate', message: t('v.duplicate', locale) },
        ]);
      }
      if (pgErr.code === '23503') return send(reply, 409, 'REFERENCED', t('e.hasRecords', locale));
      if (pgErr.code.startsWith('22') || pgErr.code === '23514' || pgErr.code === '23502') {
        return send(reply, 400, 'VALIDATION_FAILED', t('e.validation', locale));
      }
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return send(reply, 500, 'INTERNAL', t('e.internal', locale));
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      // Fastify's own rejections: malformed JSON, wrong content type, 404 route…
      const known = FASTIFY_REJECTIONS[(err as FastifyError).code ?? ''];
      if (known) return send(reply, status, known.code, t(known.key, locale));
      const code = status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      return send(reply, status, code, status === 404 ? t('e.notFound', locale) : err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'INTERNAL', t('e.internal', locale));
  });

  app.setNotFoundHandler((req, reply) => {
    const locale = pickLocale(req.headers['accept-language']);
    return send(reply, 404, 'NOT_FOUND', t('e.notFound', locale));
  });
}
