/** Waiting for a submitted job: when to check, learning processing times, Max Wait. */
export * from './polling';
