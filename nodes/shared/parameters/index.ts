/** The parameters every action node shares: its Options (pacing, waiting, output) read per item, the canvas subtitle, the job ID's key per node version. */
export * from './commonOptions';
export * from './jobIdKey';
export * from './subtitle';
