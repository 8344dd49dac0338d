/**
 * The classes made above the request, by name, for the files below them to name without
 * importing upwards: `req.app`, `req.res`, `req.route`, `res.app`, and what a layer runs.
 * Each class adds itself where it is defined, by module augmentation (app.ts adds `App`,
 * router.ts `Router`, route.ts `Route`, response.ts `AppResponse`), so a user who imports
 * the package sees the classes themselves.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the files that define the classes, see above.
export interface Links {}
