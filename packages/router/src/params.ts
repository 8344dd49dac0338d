/**
 * The route parameters of a path-to-regexp v8 path, worked out from the path string at
 * the type level: `:name` is a string, `*name` a string[], and anything inside `{…}`
 * is optional. A path that is not a literal type gives the loose `Params`.
 */
export type ParamsOf<Path extends string> = string extends Path
  ? Params
  : Simplify<Scan<Path, [], never, never, never, never>>;

/** Route parameters when the path is not known at the type level. */
export type Params = Record<string, string | string[] | undefined>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** True for the characters path-to-regexp accepts in a parameter name (letters, digits, `_`, `$`). */
type IsNameChar<C extends string> =
  Uppercase<C> extends Lowercase<C>
    ? C extends '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '_' | '$'
      ? true
      : false
    : true;

/** Reads a parameter name: `[name, rest]`. A quoted name (`:"my name"`) runs to the closing quote. */
type ReadName<S extends string, Name extends string = ''> = Name extends ''
  ? S extends `"${infer Quoted}"${infer Rest}`
    ? [Quoted, Rest]
    : ReadPlainName<S, ''>
  : never;

type ReadPlainName<S extends string, Name extends string> = S extends `${infer C}${infer Rest}`
  ? IsNameChar<C> extends true
    ? ReadPlainName<Rest, `${Name}${C}`>
    : [Name, S]
  : [Name, ''];

type Result<
  Required extends string,
  Optional extends string,
  Splat extends string,
  OptionalSplat extends string,
> = {
  [K in Required]: string;
} & { [K in Optional]?: string } & { [K in Splat]: string[] } & { [K in OptionalSplat]?: string[] };

/** One character at a time, tail-recursive; `Depth` counts the open `{` groups. */
type Scan<
  S extends string,
  Depth extends unknown[],
  Required extends string,
  Optional extends string,
  Splat extends string,
  OptionalSplat extends string,
> = S extends `\\${infer _Escaped}${infer Rest}`
  ? Scan<Rest, Depth, Required, Optional, Splat, OptionalSplat>
  : S extends `:${infer Rest}`
    ? ReadName<Rest> extends [infer Name extends string, infer After extends string]
      ? Depth extends []
        ? Scan<After, Depth, Required | Name, Optional, Splat, OptionalSplat>
        : Scan<After, Depth, Required, Optional | Name, Splat, OptionalSplat>
      : never
    : S extends `*${infer Rest}`
      ? ReadName<Rest> extends [infer Name extends string, infer After extends string]
        ? Depth extends []
          ? Scan<After, Depth, Required, Optional, Splat | Name, OptionalSplat>
          : Scan<After, Depth, Required, Optional, Splat, OptionalSplat | Name>
        : never
      : S extends `{${infer Rest}`
        ? Scan<Rest, [...Depth, unknown], Required, Optional, Splat, OptionalSplat>
        : S extends `}${infer Rest}`
          ? Scan<
              Rest,
              Depth extends [unknown, ...infer Outer] ? Outer : [],
              Required,
              Optional,
              Splat,
              OptionalSplat
            >
          : S extends `${infer _Char}${infer Rest}`
            ? Scan<Rest, Depth, Required, Optional, Splat, OptionalSplat>
            : Result<Required, Optional, Splat, OptionalSplat>;
