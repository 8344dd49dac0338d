/** The methods that have a registration shortcut, e.g. `get` for `GET`. */
export const methodNames = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
