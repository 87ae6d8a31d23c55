/** Request limits: a credential's rate budget, the plan's limiter, per-key locks. */
export * from './credentialBudget';
export * from './keyedLock';
export * from './rateLimiter';
