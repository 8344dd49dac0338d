import { describe } from './paths.js';
import type { ErrorHandler, RequestHandler } from './types.js';

/** A handler or a (nested) array of handlers, as Express accepts them. */
export type HandlerArg<Path extends string = string> = RequestHandler<Path> | readonly HandlerArg<Path>[];

/**
 * Flattens the handler arguments of a registration and checks each one, so that a typo
 * (an undefined import, a call instead of a reference) fails at startup, naming the argument.
 * `mountable` (in `use`) says what else may be given, such as a Router or an app, and in what
 * form it is kept; without it only functions are taken.
 */
export function collectHandlers<Mounted = never>(
  args: readonly unknown[],
  call: string,
  firstArgument: number,
  mountable?: (value: unknown) => Mounted | undefined,
): (RequestHandler | ErrorHandler | Mounted)[] {
  const collected: (RequestHandler | ErrorHandler | Mounted)[] = [];
  const routers = mountable !== undefined;
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
    const mounted = mountable?.(value);
    if (mounted !== undefined) {
      collected.push(mounted);
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
