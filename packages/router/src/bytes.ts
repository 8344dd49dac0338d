const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size in bytes from a number or a string like `'100kb'`, `'1mb'`, `'512'` (units of 1024, as Express's `bytes`). */
export function parseBytes(size: number | string, option: string): number {
  if (typeof size === 'number' && Number.isFinite(size) && size >= 0) return Math.floor(size);
  const found = typeof size === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(size) : null;
  if (found === null) {
    throw new TypeError(
      `${option} must be a number of bytes or a string like '100kb' or '1mb', got ${JSON.stringify(size)}`,
    );
  }
  return Math.floor(Number(found[1]) * (UNITS[(found[2] ?? 'b').toLowerCase()] ?? 1));
}
