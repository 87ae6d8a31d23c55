/** The item's document: binary, Base64 or URL input, checked against the API's limits, its page count. */
export * from './bytes';
export * from './dataUrl';
export * from './document';
export * from './documentSource';
export * from './inputProperties';
export * from './mindeeDocuments';
export * from './pdfPages';
