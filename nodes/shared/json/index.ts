/** JSON from outside: safe keys, equality, and API answers checked at the boundary. */
export * from './json';
export * from './validate';
