import type { Locale } from '@gongjian/common';
import type { FormInstance } from 'antd';
import { strings } from '#web/i18n/strings.ts';

/** One field-level problem as the server reports it (`details[]` of a 400/409). */
export interface FieldDetail {
  path: string;
  code: string;
  message: string;
}

/** A refused or failed request, carrying the server's localised message and field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldDetail[] = [],
  ) {
    super(message);
  }
}

let locale: Locale = 'zh-CN';
let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Sent as Accept-Language so the server answers errors in the desk's language. */
export function setApiLocale(l: Locale) {
  locale = l;
}
/** The session's CSRF token, from login or /api/auth/me; sent on every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

/** Build `?a=1&b=x`, leaving out empty values so cleared filters mean "no filter". */
export function queryString(params: Record<string, QueryValue>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

function isFieldDetail(d: unknown): d is FieldDetail {
  return typeof d === 'object' && d !== null && typeof (d as FieldDetail).path === 'string';
}

/** One request to `/api${path}`: the session cookie, the CSRF header on writes, the language, and every refusal as an `ApiError`. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': locale, accept: 'application/json' };
  // FormData sets its own multipart content type (with the boundary).
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', strings['common.networkError'][locale]);
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (res.ok) return parsed as T;
  const err = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const details = Array.isArray(err?.details) ? err.details.filter(isFieldDetail) : [];
  if (res.status === 401 && !path.startsWith('/auth/login')) {
    for (const l of unauthenticatedListeners) l();
  }
  throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, details);
}

/** The one API client: same-origin fetch with the session cookie, CSRF header and language. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) =>
    request<T>('GET', `${path}${query ? queryString(query) : ''}`),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** POST files as multipart/form-data, each under `field`. */
  upload: <T>(path: string, files: readonly File[], field = 'file') => {
    const form = new FormData();
    for (const f of files) form.append(field, f);
    return request<T>('POST', path, form);
  },
};

/**
 * Put the server's field errors onto the form's fields (details[].path is the field name, dotted
 * for nested fields). Returns the details that matched no field, for a general message.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): FieldDetail[] {
  if (!(err instanceof ApiError)) return [];
  const known = new Set(
    form
      .getFieldsError()
      .map((f) => f.name.join('.'))
      .filter(Boolean),
  );
  const byField = new Map<string, string[]>();
  const unmatched: FieldDetail[] = [];
  for (const d of err.details) {
    // Array items (skills.2) belong to their list field.
    const field = known.has(d.path) ? d.path : d.path.replace(/\.\d+$/, '');
    if (!known.has(field)) {
      unmatched.push(d);
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), d.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.'), errors })));
  return unmatched;
}

/** The whole reason for a refusal: the message, plus each field's reason when there are any. */
export function explain(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (!(e instanceof ApiError) || e.details.length === 0) return e.message;
  const reasons = [...new Set(e.details.map((d) => d.message))];
  return `${e.message}：${reasons.join('；')}`;
}
