/** The methods that have a registration shortcut, e.g. `get` for `GET`. */
export const methodNames = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/**
 * Puts one registration method per verb (`get` … `options`, and `all`) on a class's
 * prototype; `register` receives the instance, the method (undefined for `all`) and the
 * call's arguments. App, Router and Route share this, and differ only in `register`.
 */
export function defineVerbMethods<Self>(
  prototype: Self,
  register: (self: Self, method: string | undefined, args: unknown[]) => unknown,
): void {
  for (const name of [...methodNames, 'all'] as const) {
    const method = name === 'all' ? undefined : name.toUpperCase();
    Object.defineProperty(prototype, name, {
      configurable: true,
      writable: true,
      value(this: Self, ...args: unknown[]) {
        return register(this, method, args);
      },
    });
  }
}
