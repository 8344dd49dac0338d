import type { App } from './app.js';
import { describe } from './paths.js';
import { isApp, Router } from './router.js';
import type { ErrorHandler, RequestHandler } from './types.js';

/** A handler as registered: a function, or (in `use`) a Router or an app to mount. */
export type Registered = RequestHandler | ErrorHandler | Router | App;

/** A handler or a (nested) array of handlers, as Express accepts them. */
export type HandlerArg<Path extends string = string> = RequestHandler<Path> | readonly HandlerArg<Path>[];

/** The Router inside an app-like object (`{ router: Router }`), so an app can be mounted like a router. */
function routerOf(value: unknown): Router | undefined {
  if (value instanceof Router) return value;
  if (typeof value === 'object' && value !== null && 'router' in value && value.router instanceof Router)
    return value.router;
  return undefined;
}

/**
 * Flattens the handler arguments of a registration and checks each one, so that a typo
 * (an undefined import, a call instead of a reference) fails at startup, naming the argument.
 */
export function collectHandlers(
  args: readonly unknown[],
  call: string,
  firstArgument: number,
  routers: boolean,
): Registered[] {
  const collected: Registered[] = [];
  let position = firstArgument;
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${where}[${index}]`);
      return;
    }
    if (typeof value === 'function') {
      collected.push(value as RequestHandler | ErrorHandler);
      return;
    }
    if (routers && isApp(value)) {
      collected.push(value);
      return;
    }
    const router = routers ? routerOf(value) : undefined;
    if (router !== undefined) {
      collected.push(router);
      return;
    }
    throw new TypeError(
      `${call}: ${where} is ${describe(value)}, not a handler. Pass functions (req, res, next) or (err, req, res, next)${
        routers ? ', or a Router' : ''
      }; check the import or the name given there${typeof value === 'object' && value !== null ? ', and pass the function itself rather than the result of calling it' : ''}.`,
    );
  };
  for (const value of args) {
    visit(value, `argument ${position}`);
    position += 1;
  }
  if (collected.length === 0) {
    throw new TypeError(`${call}: no handler was given. Pass at least one function (req, res, next).`);
  }
  return collected;
}
