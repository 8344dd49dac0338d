import { HttpError, statusText } from '@skiff/core';

/** The fields body-parser puts on its errors, besides status and message. */
export interface BodyErrorFields {
  /** What went wrong, for error handlers to tell the cases apart: `'entity.too.large'`, ... */
  type?: string;
  [field: string]: unknown;
}

/** http-errors' class name for a status: `413` → `PayloadTooLargeError`. */
function errorName(status: number): string {
  const words = (statusText(status) ?? 'Http').split(' ');
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return `${name.replace(/[^0-9A-Za-z_]/g, '')}Error`;
}

/**
 * An error as body-parser makes it with http-errors: status, statusCode, `expose` (4xx),
 * body-parser's message and fields (`type`, `limit`, `length`, `charset`, ...), so error
 * handlers written for Express read it the same way.
 */
export function bodyError(status: number, message: string, fields: BodyErrorFields): HttpError {
  const error = new HttpError(status, message);
  error.name = errorName(status);
  return Object.assign(error, fields);
}

/** The status an error asks for itself (`status`, else `statusCode`), as http-errors reads it. */
function ownStatus(error: object): unknown {
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  return status || statusCode || undefined;
}

/**
 * Takes a thrown value as http-errors' `createError(status, error, fields)` does: the error
 * itself, keeping its own 4xx/5xx status (else `status`), with `expose`, `status`, `statusCode`
 * and the fields set on it. A value that is not an Error becomes one.
 */
export function adoptError(thrown: unknown, status: number, fields: BodyErrorFields = {}): Error {
  if (!(thrown instanceof Error)) {
    return bodyError(
      status,
      typeof thrown === 'string' ? thrown : (statusText(status) ?? String(status)),
      fields,
    );
  }
  const own = ownStatus(thrown);
  const chosen =
    own === undefined
      ? status
      : typeof own === 'number' && Number.isInteger(own) && own >= 400 && own <= 599
        ? own
        : 500;
  // Core's HttpError already carries its status, expose and a read-only statusCode.
  if (!(thrown instanceof HttpError && thrown.status === chosen)) {
    Object.assign(thrown, { expose: chosen < 500, status: chosen });
    if (!(thrown instanceof HttpError)) Object.assign(thrown, { statusCode: chosen });
  }
  for (const [field, value] of Object.entries(fields)) {
    if (field !== 'status' && field !== 'statusCode') Object.assign(thrown, { [field]: value });
  }
  return thrown;
}
