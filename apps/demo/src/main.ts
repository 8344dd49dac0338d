export const placeholder = 3;
