/** Route for Review: the parameter and its rules, confidence, review fields, Success / Needs Review. */
export * from './confidence';
export * from './fields';
export * from './items';
export * from './mindeeV1Fields';
export * from './mindeeV2Fields';
export * from './parameters';
export * from './route';
export * from './rules';
