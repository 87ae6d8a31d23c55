/** The run loop: items through an operation table, concurrency, Continue On Fail, the batch report. */
export * from './batchReport';
export * from './concurrency';
export * from './router';
export * from './runItems';
