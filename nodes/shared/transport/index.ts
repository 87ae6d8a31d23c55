/** HTTP only: the pooled client, retries, failures with stable codes, origins, sessions, multipart, downloads. */
export * from './auth';
export * from './body';
export * from './client';
export * from './download';
export * from './failures';
export * from './multipart';
export * from './origin';
export * from './request';
export * from './retry';
export * from './session';
export * from './userAgent';
