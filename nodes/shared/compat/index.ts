/** What differs between n8n versions: waiting on the execution's cancel signal. */
export * from './sleep';
