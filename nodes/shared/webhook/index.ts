/** Signed webhooks for the triggers: HMAC check, signed JSON bodies, deliveries already received, panels. */
export * from './recentJobs';
export * from './signature';
export * from './signedJson';
export * from './signedWebhook';
export * from './triggerPanel';
export * from './triggerProperties';
