import type * as MimeTypes from 'mime-types';
import { lazyRequire } from './lazy-require.js';

/**
 * mime-types, loaded the first time a type is looked up by extension: its database is the
 * largest thing the router would otherwise load at startup, and an app that always names its
 * types in full (or only sends JSON) never needs it.
 */
export const mimeTypes = lazyRequire<typeof MimeTypes>('mime-types');
