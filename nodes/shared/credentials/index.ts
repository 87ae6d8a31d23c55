/** The credentials' Test buttons: one request, what was seen when it fails. */
export * from './credentialTest';
