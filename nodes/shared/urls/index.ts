/** URLs as shown to users, path segments checked before they enter a request, which addresses are public. */
export * from './addresses';
export * from './pathPart';
export * from './urls';
