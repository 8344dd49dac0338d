// The body parsers, as Express's body-parser 2: one idea per file under body/.
export { json } from './body/json.js';
export type { BodyParserOptions, JsonOptions, TextOptions, UrlencodedOptions } from './body/options.js';
export { raw } from './body/raw.js';
export { text } from './body/text.js';
export { urlencoded } from './body/urlencoded.js';
